import type { AlertSeverity } from 'src/modules/notification/notification.service';
import {
  type AlertMessage,
  pipelineUrl,
} from 'src/modules/notification/channels/alert-message.util';

/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
const HEADER_MAX = 150;
const SECTION_TEXT_MAX = 3000;
const MAX_FIELDS = 10;
const DETAIL_VALUE_MAX = 300;

const SEVERITY_EMOJI: Record<AlertSeverity, string> = {
  info: ':information_source:',
  warning: ':warning:',
  critical: ':rotating_light:',
};

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText }
  | { type: 'section'; fields: SlackText[] }
  | { type: 'context'; elements: SlackText[] };

export interface SlackMessage {
  /** Notification and fallback text. */
  text: string;
  blocks: SlackBlock[];
}

/** Escapes Slack's mrkdwn control characters, so user data cannot format, link or mention. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Escaped, and cut (with `…`) so that the escaped text fits in `max` characters. */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) {
    return escaped;
  }
  let out = '';
  for (const char of text) {
    const piece = ESCAPES[char] ?? char;
    if (out.length + piece.length > max - 1) {
      break;
    }
    out += piece;
  }
  return `${out}…`;
}

/** `z_score` → `Z score`. */
function label(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words === '' ? key : words.charAt(0).toUpperCase() + words.slice(1);
}

/** Numbers to at most 4 decimals; objects as compact JSON; null as an em dash. */
export function formatDetailValue(value: unknown): string {
  if (value === null || value === undefined) {
    return '—';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value) ?? '—';
}

/** `*Name*` over its value; at most 100 + 300 escaped characters (FIELD_TEXT_MAX is 2000). */
function field(name: string, value: string): SlackText {
  return {
    type: 'mrkdwn',
    text: `*${escapeWithin(name, 100)}*\n${escapeWithin(value, DETAIL_VALUE_MAX)}`,
  };
}

/** Pipeline first, then one field per detail (values, thresholds…), at most 10 in all. */
function fields(alert: AlertMessage): SlackText[] {
  const all: SlackText[] = [
    field('Pipeline', alert.pipeline ? `${alert.pipeline.name} (#${alert.pipeline.id})` : '—'),
  ];
  const entries = Object.entries(alert.details);
  const room = MAX_FIELDS - all.length;
  const shown = entries.length > room ? entries.slice(0, room - 1) : entries;
  for (const [key, value] of shown) {
    all.push(field(label(key), formatDetailValue(value)));
  }
  if (shown.length < entries.length) {
    all.push(field('More', `${entries.length - shown.length} more in GET /alerts/${alert.id}`));
  }
  return all;
}

/** A link in mrkdwn: `&` `<` `>` escaped, and `|` (the label separator) percent-encoded. */
function link(url: string, text: string): string {
  return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapeMrkdwn(text)}>`;
}

function contextLine(alert: AlertMessage, publicUrl: string | null): string {
  const unix = Math.floor(alert.createdAt.getTime() / 1000);
  const iso = alert.createdAt.toISOString();
  const parts = [
    `<!date^${unix}^{date_short_pretty} {time_secs}|${iso}>`,
    `${alert.kind} alert #${alert.id}`,
  ];
  const url = alert.pipeline ? pipelineUrl(publicUrl, alert.pipeline.id) : null;
  if (url !== null) {
    parts.push(link(url, 'View pipeline'));
  }
  return parts.join(' · ');
}

/**
 * The Slack incoming-webhook message of an alert: a header (severity and title), the summary, a
 * fields section (pipeline and the details) and a context line (time, kind, id and a link to the
 * pipeline when WATCHER_PUBLIC_URL is set). Every piece of alert data is escaped.
 */
export function buildSlackMessage(alert: AlertMessage, publicUrl: string | null): SlackMessage {
  const severity = alert.severity.toUpperCase();
  const header = truncate(
    `${SEVERITY_EMOJI[alert.severity]} ${severity}: ${alert.title}`,
    HEADER_MAX,
  );
  const summary = alert.summary.trim() === '' ? alert.title : alert.summary;
  return {
    text: escapeWithin(`[${severity}] ${alert.title}`, SECTION_TEXT_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: escapeWithin(summary, SECTION_TEXT_MAX) },
      },
      { type: 'section', fields: fields(alert) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: contextLine(alert, publicUrl) }] },
    ],
  };
}
