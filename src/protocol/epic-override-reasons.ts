import type { CdsCoding, CdsFeedbackItem } from './cds-types.js';

/**
 * Epic sends `overrideReasons` (plural, an object) where CDS Hooks 2.0 has `overrideReason`: either a
 * `reason` Coding with `userComment`, or an Epic `extension` naming the reason by category, display and
 * title (Epic CDS Hooks tutorial, ../shared/reference/ehr-clients.md §1.8). Both become the spec's
 * `overrideReason`, so Epic feedback is stored and counted like any other.
 */
export const EPIC_REASON_EXTENSION = {
  category: 'com.epic.cdshooks.feedback.overrideReason.reasonCategory',
  display: 'com.epic.cdshooks.feedback.overrideReason.reasonDisplay',
  title: 'com.epic.cdshooks.feedback.overrideReason.reasonTitle',
} as const;

/** The system of a reason Epic gives only by its extension (the code is its reason category). */
export const EPIC_REASON_CATEGORY_SYSTEM = `urn:${EPIC_REASON_EXTENSION.category}`;

interface EpicOverrideReason {
  readonly reason?: CdsCoding;
  readonly userComment?: string;
  readonly extension?: Readonly<Record<string, string | number | boolean>>;
}

/** A feedback item as the schema admits it: the spec's fields plus Epic's `overrideReasons`. */
export type ReceivedFeedbackItem = CdsFeedbackItem & {
  readonly overrideReasons?: EpicOverrideReason | readonly EpicOverrideReason[];
};

const text = (value: unknown): string | undefined =>
  (typeof value === 'string' || typeof value === 'number') && String(value).trim() !== ''
    ? String(value).trim()
    : undefined;

function reasonFromExtension(extension: EpicOverrideReason['extension']): CdsCoding | undefined {
  if (!extension) return undefined;
  const category = text(extension[EPIC_REASON_EXTENSION.category]);
  const display =
    text(extension[EPIC_REASON_EXTENSION.display]) ?? text(extension[EPIC_REASON_EXTENSION.title]);
  const code = category ?? display;
  if (code === undefined) return undefined;
  return { system: EPIC_REASON_CATEGORY_SYSTEM, code, ...(display ? { display } : {}) };
}

function toSpecReason(epic: EpicOverrideReason): CdsFeedbackItem['overrideReason'] | undefined {
  const reason = epic.reason ?? reasonFromExtension(epic.extension);
  const userComment = text(epic.userComment);
  if (!reason && !userComment) return undefined;
  return { ...(reason ? { reason } : {}), ...(userComment ? { userComment } : {}) };
}

/** The item with Epic's `overrideReasons` read as `overrideReason` (the spec's member wins if both are sent). */
export function normaliseOverrideReason(item: ReceivedFeedbackItem): CdsFeedbackItem {
  const { overrideReasons, ...spec } = item;
  if (spec.overrideReason || overrideReasons === undefined) return spec;
  const candidates: readonly EpicOverrideReason[] = Array.isArray(overrideReasons)
    ? overrideReasons
    : [overrideReasons as EpicOverrideReason];
  const overrideReason = candidates.map(toSpecReason).find((r) => r !== undefined);
  return overrideReason ? { ...spec, overrideReason } : spec;
}
