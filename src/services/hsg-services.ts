import type { CdsServiceDefinition } from '../protocol/service-definition.js';
import { screenHsgOrders } from '../screening/screen-hsg-orders.js';
import type { ScreeningDeps } from '../screening/screening-deps.js';
import { screenPendingOrders } from '../screening/screen-pending-orders.js';
import { buildPendingOrdersPlan, planToTemplates } from './prefetch-plan.js';

const USAGE =
  'Reads the patient, Conditions, AllergyIntolerances, Observations (hCG, pregnancy status, LMP, CT/NG, TSH), ' +
  'Procedures, MedicationRequests and MedicationAdministrations (CT/NG treatment given; both medication keys are ' +
  'read only when sent). Fulfil every prefetch template for the fastest answer; otherwise send ' +
  'fhirServer and fhirAuthorization (patient/*.read or user/*.read for those types). Without either, the ' +
  'service answers 412, and a card says which checks could not be done when only part of the data is available.';

const PATIENT_VIEW_USAGE =
  'Reads the pending ServiceRequests of the patient (draft, active, on-hold) and, when one is an HSG-family ' +
  'order, the same patient data as the order services. Fulfil every prefetch template, or send fhirServer ' +
  '(and fhirAuthorization); without either, the service answers 412.';

/**
 * The three services, declared once; discovery and routing both read these definitions. Distinct ids
 * per hook, because some clients de-duplicate services by id.
 */
export function defineHsgServices(
  prefetch: Readonly<Record<string, string>>,
): CdsServiceDefinition<ScreeningDeps>[] {
  const ordersPlan = buildPendingOrdersPlan();
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
    {
      id: 'hsg-patient-view',
      hook: 'patient-view',
      title: 'HSG pre-procedure check (patient-view)',
      description:
        'When the chart of a patient with a pending HSG, selective salpingography or saline infusion ' +
        'sonohysterography order is opened, screens each such order for contraindications as order-sign ' +
        'does, and shows only warnings and critical findings. Charts without such an order get no cards.',
      usageRequirements: PATIENT_VIEW_USAGE,
      prefetch: { ...planToTemplates(ordersPlan), ...prefetch },
      handle: (call, deps) => screenPendingOrders(call, deps, ordersPlan),
    },
  ];
}

/** The ids of the services, read from their definitions (for metric label bounds). */
export function hsgServiceIds(): string[] {
  return defineHsgServices({}).map((service) => service.id);
}
