import type { FeedbackRow } from '../feedback/feedback-store.js';
import type { Painter } from './cli-io.js';

export interface TopicSummary {
  readonly topic: string;
  readonly items: number;
  readonly accepted: number;
  readonly overridden: number;
  /** Share of this topic's items, 0..1. */
  readonly acceptanceRate: number;
  readonly overrideRate: number;
  readonly topReason?: ReasonCount;
}

export interface ReasonCount {
  readonly code: string;
  readonly display?: string;
  readonly count: number;
}

export interface FeedbackSummary {
  readonly items: number;
  /** Most items first. */
  readonly topics: readonly TopicSummary[];
  /** Most common first; overrides without a coded reason count under `(none given)`. */
  readonly overrideReasons: readonly ReasonCount[];
}

export const UNKNOWN_TOPIC = '(card not on record)';
export const NO_REASON = '(none given)';

function countReasons(rows: readonly FeedbackRow[]): ReasonCount[] {
  const byCode = new Map<string, { display?: string; count: number }>();
  for (const row of rows.filter((r) => r.outcome === 'overridden')) {
    const code = row.overrideReasonCode ?? NO_REASON;
    const entry = byCode.get(code) ?? { display: row.overrideReasonDisplay ?? undefined, count: 0 };
    entry.count++;
    byCode.set(code, entry);
  }
  return [...byCode]
    .map(([code, { display, count }]) => ({ code, ...(display ? { display } : {}), count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Acceptance and override rates per card topic, and the override reasons clinicians give most. */
export function summariseFeedback(rows: readonly FeedbackRow[]): FeedbackSummary {
  const byTopic = new Map<string, FeedbackRow[]>();
  for (const row of rows) {
    const topic = row.topic ?? UNKNOWN_TOPIC;
    const topicRows = byTopic.get(topic);
    if (topicRows) topicRows.push(row);
    else byTopic.set(topic, [row]);
  }
  const topics = [...byTopic]
    .map(([topic, topicRows]): TopicSummary => {
      const accepted = topicRows.filter((r) => r.outcome === 'accepted').length;
      const overridden = topicRows.filter((r) => r.outcome === 'overridden').length;
      const topReason = countReasons(topicRows)[0];
      return {
        topic,
        items: topicRows.length,
        accepted,
        overridden,
        acceptanceRate: accepted / topicRows.length,
        overrideRate: overridden / topicRows.length,
        ...(topReason ? { topReason } : {}),
      };
    })
    .sort((a, b) => b.items - a.items || a.topic.localeCompare(b.topic));
  return { items: rows.length, topics, overrideReasons: countReasons(rows) };
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

function table(rows: readonly (readonly string[])[]): string {
  // A fold, not Math.max(...column): spreading one argument per row overflows the stack on a long report.
  const widths =
    rows[0]?.map((_, col) => rows.reduce((widest, row) => Math.max(widest, (row[col] ?? '').length), 0)) ??
    [];
  return rows
    .map((row) =>
      row
        .map((cell, col) =>
          col === 0 || col === row.length - 1
            ? cell.padEnd(widths[col] ?? 0)
            : cell.padStart(widths[col] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatFeedbackReport(
  summary: FeedbackSummary,
  heading: string,
  paint: Painter,
  top = 10,
): string {
  if (summary.items === 0) return `${heading}: no feedback.`;
  const topicRows = [
    ['topic', 'items', 'accepted', 'overridden', 'top override reason'],
    ...summary.topics.map((t) => [
      t.topic,
      String(t.items),
      percent(t.acceptanceRate),
      percent(t.overrideRate),
      t.topReason ? `${t.topReason.code} (${t.topReason.count})` : '',
    ]),
  ];
  const reasonRows = summary.overrideReasons
    .slice(0, top)
    .map((r) => [String(r.count), r.code, r.display ?? '']);
  return [
    paint.bold(`${heading}: ${summary.items} feedback item${summary.items === 1 ? '' : 's'}`),
    '',
    table(topicRows),
    '',
    paint.bold('Most common override reasons:'),
    reasonRows.length > 0 ? table(reasonRows) : 'none',
  ].join('\n');
}
