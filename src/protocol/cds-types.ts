/**
 * CDS Hooks 2.0 wire types, named and shaped exactly as the specification
 * (https://cds-hooks.hl7.org/2.0/). Domain code never imports these; protocol code never imports medicine.
 */
import type { Bundle, FhirResource } from 'fhir/r4.js';

export const Indicator = { info: 'info', warning: 'warning', critical: 'critical' } as const;
export type Indicator = (typeof Indicator)[keyof typeof Indicator];

export type HookName = 'order-select' | 'order-sign' | 'patient-view';

export interface CdsCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface CdsServiceDescriptor {
  readonly hook: HookName;
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly usageRequirements?: string;
  readonly prefetch?: Readonly<Record<string, string>>;
}

export interface CdsDiscoveryResponse {
  readonly services: readonly CdsServiceDescriptor[];
}

export interface FhirAuthorization {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in: number;
  readonly scope: string;
  readonly subject: string;
  readonly patient?: string;
}

/** A prefetch value as sent: a resource, a Bundle, an OperationOutcome, or null (no data). */
export type PrefetchValue = FhirResource | null;

/** The context of the three hooks served; patient-view sends only the ids (no selections or draftOrders). */
export interface OrderContext {
  readonly userId: string;
  readonly patientId: string;
  readonly encounterId?: string;
  readonly selections?: readonly string[];
  readonly draftOrders?: Bundle;
}

export interface CdsRequest {
  readonly hook: HookName;
  readonly hookInstance: string;
  readonly fhirServer?: string;
  readonly fhirAuthorization?: FhirAuthorization;
  readonly context: OrderContext;
  readonly prefetch?: Readonly<Record<string, PrefetchValue>>;
}

export interface CdsSource {
  readonly label: string;
  readonly url?: string;
  readonly icon?: string;
  readonly topic?: CdsCoding;
}

export interface CdsAction {
  readonly type: 'create' | 'update' | 'delete';
  readonly description: string;
  readonly resource?: FhirResource;
  readonly resourceId?: string;
}

export interface CdsSuggestion {
  readonly label: string;
  readonly uuid: string;
  readonly isRecommended?: boolean;
  readonly actions?: readonly CdsAction[];
}

export interface CdsLink {
  readonly label: string;
  readonly url: string;
  readonly type: 'absolute' | 'smart';
  readonly appContext?: string;
}

export interface CdsCard {
  readonly uuid: string;
  readonly summary: string;
  readonly detail?: string;
  readonly indicator: Indicator;
  readonly source: CdsSource;
  readonly suggestions?: readonly CdsSuggestion[];
  readonly selectionBehavior?: 'at-most-one' | 'any';
  readonly overrideReasons?: readonly CdsCoding[];
  readonly links?: readonly CdsLink[];
  readonly extension?: Readonly<Record<string, unknown>>;
}

export interface CdsResponse {
  readonly cards: readonly CdsCard[];
  readonly systemActions?: readonly CdsAction[];
}

export interface CdsFeedbackItem {
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly acceptedSuggestions?: readonly { readonly id: string }[];
  readonly overrideReason?: { readonly reason?: CdsCoding; readonly userComment?: string };
  readonly outcomeTimestamp: string;
}
