import type { Coding } from 'fhir/r4.js';
import type { Finding, Reference, ScreeningInput, SuggestionIntent } from '../rules/types.js';
import { assessBilling, type BillingAssessment } from './assess-billing.js';
import { buildBillingCoding } from './billing-codings.js';
import { renderBillingExplanation, summariseBilling } from './billing-card-text.js';
import { addMissingCodings } from './order-update.js';

/** Card topic: a code of the finding-kind CodeSystem. */
export const BILLING_CODES_KIND = 'billing-codes';

/** The sources of the billing card (also listed on its /knowledge page). */
export const BillingReferences = {
  aetnaCpb0347: {
    label: 'Aetna CPB 0347 (CPT 58340, 58345, 74740, 74742, 76831)',
    url: 'https://www.aetna.com/cpb/medical/data/300_399/0347.html',
  },
  aetnaCpb0327: {
    label: 'Aetna CPB 0327 Infertility',
    url: 'https://www.aetna.com/cpb/medical/data/300_399/0327.html',
  },
  cmsHcpcs: { label: 'CMS HCPCS Level II', url: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets' },
  cmsPlaceOfService: {
    label: 'CMS Place of Service codes',
    url: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  },
} as const satisfies Record<string, Reference>;

const REFERENCES: readonly Reference[] = Object.values(BillingReferences);

function cardCodings(a: BillingAssessment, input: ScreeningInput): Coding[] {
  const { knowledge } = input;
  const procedures = a.procedures.map((p) =>
    buildBillingCoding(p.coding, p.component, knowledge, {
      ...(p.takesComponentModifier && a.modifier.coding ? { modifier: a.modifier.coding } : {}),
    }),
  );
  const supply = a.contrast;
  const volume = supply?.documentation.volumeMl;
  const contrast = supply?.selected
    ? [
        buildBillingCoding(
          supply.selected.coding,
          'contrast-supply',
          knowledge,
          volume !== undefined ? { unitsMl: volume } : {},
        ),
      ]
    : (supply?.candidates ?? []).map((c) =>
        buildBillingCoding(c.coding, 'contrast-supply', knowledge, { alternative: true }),
      );
  const diagnoses = a.indications.claimable.map((i) => buildBillingCoding(i.coding, 'diagnosis', knowledge));
  return [...procedures, ...contrast, ...diagnoses];
}

function suggestionsFor(a: BillingAssessment, input: ScreeningInput): SuggestionIntent[] {
  if (input.hook !== 'order-sign') return [];
  const update = addMissingCodings(
    a.order,
    a.procedures.map((p) => p.coding),
    input.knowledge.canonicalSystem,
  );
  if (!update) return [];
  const codes = update.added.map((c) => c.code).join(' and ');
  return [{ kind: 'update-order', label: `Add CPT ${codes} to the order`, resource: update.resource }];
}

/**
 * The billing-codes finding of each HSG-family or SIS order: CPT codes with modifier and reason,
 * the HCPCS contrast supply code, the ICD-10-CM indications, and (order-sign) an update adding the
 * CPT codings the draft order lacks. All codes come from the knowledge in fhir-profiles/.
 */
export function findBillingCodes(input: ScreeningInput): Finding[] {
  return input.orders.map((order) => {
    const assessment = assessBilling(order, input);
    return {
      kind: BILLING_CODES_KIND,
      severity: 'info',
      order,
      summary: summariseBilling(assessment),
      explanation: renderBillingExplanation(assessment, input.knowledge),
      evidence: [],
      references: REFERENCES,
      suggestions: suggestionsFor(assessment, input),
      overrideReasons: [],
      codings: cardCodings(assessment, input),
    };
  });
}
