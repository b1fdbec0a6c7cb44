import type { CdsServiceDefinition } from '../protocol/service-definition.js';
import { screenHsgOrders, type ScreeningDeps } from '../screening/screen-hsg-orders.js';

const USAGE =
  'Reads the patient, Conditions, AllergyIntolerances, Observations (hCG, pregnancy status, LMP, CT/NG, TSH), ' +
  'Procedures and MedicationRequests. Fulfil every prefetch template for the fastest answer; otherwise send ' +
  'fhirServer and fhirAuthorization (patient/*.read or user/*.read for those types). Without either, the ' +
  'service answers 412, and a card says which checks could not be done when only part of the data is available.';

/**
 * The two services, declared once; discovery and routing both read these definitions. Distinct ids
 * per hook, because some clients de-duplicate services by id.
 */
export function defineHsgServices(
  prefetch: Readonly<Record<string, string>>,
): CdsServiceDefinition<ScreeningDeps>[] {
  return [
    {
      id: 'hsg-order-select',
      hook: 'order-select',
      title: 'HSG order screening (order-select)',
      description:
        'When a hysterosalpingography (HSG), selective salpingography or saline infusion sonohysterography order is ' +
        'selected, checks for contraindications (pregnancy, pelvic infection, contrast allergy, bleeding, recent ' +
        'uterine procedures, malignancy, no uterus) and names the CPT, HCPCS and ICD-10-CM codes that apply.',
      usageRequirements: USAGE,
      prefetch,
      handle: (call, deps) => screenHsgOrders(call, deps, 'selections'),
    },
    {
      id: 'hsg-order-sign',
      hook: 'order-sign',
      title: 'HSG order screening (order-sign)',
      description:
        'When HSG-family or saline infusion sonohysterography orders are signed, repeats the contraindication ' +
        'screening on the complete orders and offers to add the missing CPT coding to each order.',
      usageRequirements: USAGE,
      prefetch,
      handle: (call, deps) => screenHsgOrders(call, deps, 'all-drafts'),
    },
  ];
}

/** The ids of the services, read from their definitions (for metric label bounds). */
export function hsgServiceIds(): string[] {
  return defineHsgServices({}).map((service) => service.id);
}
