import { createHash } from 'node:crypto';
import type { AlertValues } from 'src/modules/notification/alert.repository';
import {
  ALERT_DEDUP_KEY_MAX_LENGTH,
  ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_TITLE_MAX_LENGTH,
} from 'src/modules/notification/entities/alert.entity';
import { InvalidAlertError } from 'src/modules/notification/notification.errors';
import type { RaiseAlert } from 'src/modules/notification/notification.service';

/** NUL cannot be stored in PostgreSQL text. */
const withoutNul = (text: string): string => text.split('\u0000').join('');

/** Control characters (C0 and DEL) as spaces: a log line stays one line. */
function oneLine(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? ' ' : char;
  }
  return out;
}
const HASHED_KEY_PREFIX_LENGTH = 180;

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A key over the column's 255 characters keeps its first 180 and gains the sha256 of the whole:
 * still deterministic, so raising the same problem again still finds the same alert.
 */
export function storedDedupKey(dedupKey: string): string {
  if (dedupKey.length <= ALERT_DEDUP_KEY_MAX_LENGTH) {
    return dedupKey;
  }
  const digest = createHash('sha256').update(dedupKey, 'utf8').digest('hex');
  return `${dedupKey.slice(0, HASHED_KEY_PREFIX_LENGTH)}#${digest}`;
}

/**
 * What raise() stores: checked where a bad value is a caller's bug (kind, severity, an empty key),
 * made to fit where it is only long (title, key), so a check is never failed by its own alert.
 */
export function toAlertValues(alert: RaiseAlert): AlertValues {
  if (!ALERT_KINDS.includes(alert.kind)) {
    throw new InvalidAlertError(`unknown kind ${JSON.stringify(alert.kind)}`);
  }
  if (!ALERT_SEVERITIES.includes(alert.severity)) {
    throw new InvalidAlertError(`unknown severity ${JSON.stringify(alert.severity)}`);
  }
  const dedupKey = withoutNul(alert.dedupKey).trim();
  if (dedupKey === '') {
    throw new InvalidAlertError('dedupKey is empty');
  }
  const details = alert.details ?? {};
  if (typeof details !== 'object' || Array.isArray(details)) {
    throw new InvalidAlertError('details must be a JSON object');
  }
  return {
    kind: alert.kind,
    severity: alert.severity,
    dedupKey: storedDedupKey(dedupKey),
    pipelineId: alert.pipelineId,
    title: cut(withoutNul(alert.title).trim() || alert.kind, ALERT_TITLE_MAX_LENGTH),
    summary: withoutNul(alert.summary),
    details,
  };
}

/** One log line per alert: control characters of user data never start a new line. */
export function alertLogLine(id: number, values: AlertValues): string {
  const title = oneLine(values.title);
  const pipeline = values.pipelineId === null ? '' : ` (pipeline ${values.pipelineId})`;
  return `Alert ${id} ${values.severity} ${values.kind}${pipeline}: ${title}`;
}
