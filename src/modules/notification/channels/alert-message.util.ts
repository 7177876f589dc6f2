import type { AlertKind, AlertSeverity } from 'src/modules/notification/notification.service';

/** What a channel message says about an alert (read back from the alert row). */
export interface AlertMessage {
  id: number;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  summary: string;
  /** null when the alert is about no pipeline, or its pipeline has been deleted since. */
  pipeline: { id: number; name: string } | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** Where a user looks at the pipeline of an alert, or null without a public URL. */
export function pipelineUrl(publicUrl: string | null, pipelineId: number): string | null {
  return publicUrl === null ? null : `${publicUrl}/pipeline/${pipelineId}`;
}
