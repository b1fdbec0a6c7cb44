import type { ServiceRequest } from 'fhir/r4.js';

/** HSG and the related orders the rules know. */
export type OrderKind = 'hsg' | 'selective-salpingography' | 'sis';

export type ContrastKind = 'oil-based' | 'water-soluble' | 'unspecified';

/**
 * A draft order recognised as HSG or a related study. STU3 `ProcedureRequest`s are read through the
 * R4 `ServiceRequest` shape: the elements the rules read (code, reasonCode, occurrence, orderDetail,
 * note) have the same names and types in both.
 */
export interface RecognisedOrder {
  /** `ServiceRequest/abc` as in draftOrders; actions on the order use it as `resourceId`. */
  readonly reference: string;
  readonly resourceType: 'ServiceRequest' | 'ProcedureRequest';
  readonly resource: ServiceRequest;
  readonly kind: OrderKind;
  readonly recognisedBy: 'code' | 'text';
  /** A short human name for card text, e.g. "Hysterosalpingogram". */
  readonly label: string;
  /** Scheduled date (occurrenceDateTime, occurrencePeriod.start or the first timing event), if any. */
  readonly scheduledDate: string | undefined;
  readonly contrast: ContrastKind;
  /**
   * True when the order is coded only with the injection shared by HSG and SIS (CPT 58340): screened as
   * HSG-family (SIS when it says saline), while billing says the imaging code is missing.
   */
  readonly imagingCodeMissing?: true;
}
