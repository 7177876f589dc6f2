import { Injectable, Logger } from '@nestjs/common';

// TEMPORARY stand-in with the API agreed for wip-notify; replaced when that branch is merged.
export type AlertKind = 'anomaly' | 'freshness' | 'timeliness' | 'queue' | 'test';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface RaiseAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  dedupKey: string;
  pipelineId: number | null;
  title: string;
  summary: string;
  details: Record<string, unknown>;
}

@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  raise(alert: RaiseAlert): Promise<{ id: number; created: boolean }> {
    this.logger.warn(`[${alert.severity}] ${alert.kind} ${alert.dedupKey}: ${alert.title}`);
    return Promise.resolve({ id: 0, created: true });
  }
}
