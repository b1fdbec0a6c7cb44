import type { StoredFeedback } from '../feedback/feedback-store.js';

/** Sees each feedback item the store accepted as new (retries are not counted twice). */
export interface FeedbackObserver {
  onFeedbackStored(serviceId: string, stored: readonly StoredFeedback[]): void;
}
