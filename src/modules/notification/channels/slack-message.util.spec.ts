import type { AlertMessage } from 'src/modules/notification/channels/alert-message.util';
import {
  buildSlackMessage,
  escapeMrkdwn,
  escapeWithin,
  formatDetailValue,
  type SlackBlock,
  type SlackText,
} from 'src/modules/notification/channels/slack-message.util';

const alert: AlertMessage = {
  id: 42,
  kind: 'anomaly',
  severity: 'critical',
  title: 'Anomaly in total_rows of daily sales',
  summary: 'total_rows was 12 (expected 9400 to 10600).',
  pipeline: { id: 3, name: 'daily sales' },
  details: {
    metric: 'total_rows',
    value: 12,
    mean: 10000.123456,
    lower_bound: 9400,
    z_score: -9.99,
  },
  createdAt: new Date('2024-01-02T10:00:00Z'),
};

function blockOf<T extends SlackBlock['type']>(
  blocks: SlackBlock[],
  type: T,
  index = 0,
): Extract<SlackBlock, { type: T }> {
  return blocks.filter((block) => block.type === type)[index] as Extract<SlackBlock, { type: T }>;
}

const fieldsOf = (blocks: SlackBlock[]): string[] =>
  (blockOf(blocks, 'section', 1) as { fields: SlackText[] }).fields.map((field) => field.text);

describe('Slack message', () => {
  it('should have a header, the summary, the fields and a context line, in that order', () => {
    const message = buildSlackMessage(alert, null);
    expect(message.blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
    ]);
    expect(message.text).toBe('[CRITICAL] Anomaly in total_rows of daily sales');
    expect(blockOf(message.blocks, 'header').text).toEqual({
      type: 'plain_text',
      text: ':rotating_light: CRITICAL: Anomaly in total_rows of daily sales',
      emoji: true,
    });
    expect((blockOf(message.blocks, 'section') as { text: SlackText }).text).toEqual({
      type: 'mrkdwn',
      text: 'total_rows was 12 (expected 9400 to 10600).',
    });
  });

  it('should list the pipeline, then the values and thresholds from details', () => {
    expect(fieldsOf(buildSlackMessage(alert, null).blocks)).toEqual([
      '*Pipeline*\ndaily sales (#3)',
      '*Metric*\ntotal_rows',
      '*Value*\n12',
      '*Mean*\n10000.1235',
      '*Lower bound*\n9400',
      '*Z score*\n-9.99',
    ]);
    expect(fieldsOf(buildSlackMessage({ ...alert, pipeline: null }, null).blocks)[0]).toBe(
      '*Pipeline*\n—',
    );
  });

  it('should keep to 10 fields, saying how many details were left out', () => {
    const details = Object.fromEntries([...Array(15).keys()].map((n) => [`k${n}`, n]));
    const fields = fieldsOf(buildSlackMessage({ ...alert, details }, null).blocks);
    expect(fields).toHaveLength(10);
    expect(fields[9]).toBe('*More*\n7 more in GET /alerts/42');
  });

  it('should escape &, < and > in every piece of user data, so nothing can link or mention', () => {
    const hostile: AlertMessage = {
      ...alert,
      title: 'a & b <!channel>',
      summary: '<https://evil.example|click> & <@U123>',
      pipeline: { id: 3, name: 'sales <prod> & co' },
      details: { '<b>': '<!here>' },
    };
    const message = buildSlackMessage(hostile, null);
    const mrkdwn = [
      message.text,
      (blockOf(message.blocks, 'section') as { text: SlackText }).text.text,
      ...fieldsOf(message.blocks),
    ].join('\n');
    expect(mrkdwn).not.toMatch(/[<>]/);
    expect(mrkdwn).toContain('&lt;https://evil.example|click&gt; &amp; &lt;@U123&gt;');
    expect(mrkdwn).toContain('*Pipeline*\nsales &lt;prod&gt; &amp; co');
    expect(mrkdwn).toContain('*&lt;b&gt;*\n&lt;!here&gt;');
    // plain_text is shown literally by Slack: escaping it would print "&amp;".
    expect(blockOf(message.blocks, 'header').text.text).toBe(
      ':rotating_light: CRITICAL: a & b <!channel>',
    );
  });

  it('should show the time, the alert and a link to the pipeline when a public URL is set', () => {
    const withLink = blockOf(
      buildSlackMessage(alert, 'https://watcher.example.com').blocks,
      'context',
    );
    expect(withLink.elements[0].text).toBe(
      '<!date^1704189600^{date_short_pretty} {time_secs}|2024-01-02T10:00:00.000Z>' +
        ' · anomaly alert #42 · <https://watcher.example.com/pipeline/3|View pipeline>',
    );
    const withoutLink = blockOf(buildSlackMessage(alert, null).blocks, 'context');
    expect(withoutLink.elements[0].text).not.toContain('View pipeline');
    const noPipeline = blockOf(
      buildSlackMessage({ ...alert, pipeline: null }, 'https://watcher.example.com').blocks,
      'context',
    );
    expect(noPipeline.elements[0].text).not.toContain('View pipeline');
  });

  it('should escape a link target, and never let "|" end it early', () => {
    const context = blockOf(buildSlackMessage(alert, 'https://w.example/a|b&c').blocks, 'context');
    expect(context.elements[0].text).toContain(
      '<https://w.example/a%7Cb&amp;c/pipeline/3|View pipeline>',
    );
  });

  it('should keep within the Block Kit limits', () => {
    const long: AlertMessage = { ...alert, title: 'T'.repeat(500), summary: '&'.repeat(5000) };
    const message = buildSlackMessage(long, null);
    const header = blockOf(message.blocks, 'header').text.text;
    expect(Array.from(header)).toHaveLength(150);
    expect(header.endsWith('…')).toBe(true);
    const summary = (blockOf(message.blocks, 'section') as { text: SlackText }).text.text;
    expect(summary.length).toBeLessThanOrEqual(3000);
    expect(summary).toMatch(/^(&amp;)+…$/);
  });

  it('should format values: numbers to 4 decimals, objects as JSON, null as a dash', () => {
    expect(formatDetailValue(1 / 3)).toBe('0.3333');
    expect(formatDetailValue(12)).toBe('12');
    expect(formatDetailValue(null)).toBe('—');
    expect(formatDetailValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(formatDetailValue(true)).toBe('true');
    expect(escapeMrkdwn('<&>')).toBe('&lt;&amp;&gt;');
    expect(escapeWithin('a&b', 5)).toBe('a…');
  });
});
