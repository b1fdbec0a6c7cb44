import type { CdsCard, CdsCoding, CdsFeedbackItem, CdsSuggestion } from '../../protocol/cds-types.js';

/** CDS Hooks 2.0 feedback: the clinician took one of the card's suggestions. */
export function acceptedFeedback(card: CdsCard, suggestion: CdsSuggestion, now: Date): CdsFeedbackItem {
  return {
    card: card.uuid,
    outcome: 'accepted',
    acceptedSuggestions: [{ id: suggestion.uuid }],
    outcomeTimestamp: now.toISOString(),
  };
}

/** CDS Hooks 2.0 feedback: the clinician dismissed the card, with one of its override reasons if chosen. */
export function overriddenFeedback(
  card: CdsCard,
  override: { readonly reason?: CdsCoding; readonly comment?: string },
  now: Date,
): CdsFeedbackItem {
  const comment = override.comment?.trim();
  const overrideReason = {
    ...(override.reason ? { reason: override.reason } : {}),
    ...(comment ? { userComment: comment } : {}),
  };
  return {
    card: card.uuid,
    outcome: 'overridden',
    ...(Object.keys(overrideReason).length > 0 ? { overrideReason } : {}),
    outcomeTimestamp: now.toISOString(),
  };
}
