import type { Coding } from 'fhir/r4.js';
import type { ContrastKind, OrderKind } from '../../orders/recognised-order.js';

/** What the order-entry form offers, with the codes an EHR would put on the ServiceRequest. */

export const CPT = 'http://www.ama-assn.org/go/cpt';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const PLACE_OF_SERVICE =
  'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';

// The service's own order and contrast kinds (type-only: nothing is bundled).
export type { OrderKind } from '../../orders/recognised-order.js';
export type ContrastChoice = ContrastKind;
export type PlaceChoice = 'office' | 'facility' | 'unspecified';

interface Procedure {
  readonly kind: OrderKind;
  readonly label: string;
  readonly text: string;
  readonly codings: readonly Coding[];
  /** HSG-family studies use contrast; SIS uses saline. */
  readonly usesContrast: boolean;
}

const cpt = (code: string, display: string): Coding => ({ system: CPT, code, display });

export const PROCEDURES: readonly Procedure[] = [
  {
    kind: 'hsg',
    label: 'Hysterosalpingography (HSG) — CPT 74740 + 58340',
    text: 'Hysterosalpingogram',
    usesContrast: true,
    codings: [
      cpt('74740', 'Hysterosalpingography, radiological supervision and interpretation'),
      cpt('58340', 'Catheterization and introduction of saline or contrast material'),
    ],
  },
  {
    kind: 'selective-salpingography',
    label: 'Selective salpingography — CPT 74742 + 58345',
    text: 'Selective salpingography',
    usesContrast: true,
    codings: [
      cpt(
        '74742',
        'Transcervical catheterization of fallopian tube, radiological supervision and interpretation',
      ),
      cpt(
        '58345',
        'Transcervical introduction of fallopian tube catheter for diagnosis and/or re-establishing patency',
      ),
    ],
  },
  {
    kind: 'sis',
    label: 'Saline infusion sonohysterography (SIS) — CPT 76831 + 58340',
    text: 'Saline infusion sonohysterography',
    usesContrast: false,
    codings: [
      cpt('76831', 'Saline infusion sonohysterography (SIS), including color flow Doppler, when performed'),
      cpt('58340', 'Catheterization and introduction of saline or contrast material'),
    ],
  },
];

/** Codes that identify each kind when an order comes back from the service (first match wins). */
export const KIND_CODES: readonly {
  readonly kind: OrderKind;
  readonly system: string;
  readonly codes: readonly string[];
}[] = [
  { kind: 'sis', system: CPT, codes: ['76831'] },
  { kind: 'selective-salpingography', system: CPT, codes: ['74742', '58345'] },
  { kind: 'hsg', system: CPT, codes: ['74740', '58340'] },
  { kind: 'hsg', system: SNOMED, codes: ['168884001', '85339002', '4934001'] },
];

export const REASONS: readonly Coding[] = [
  { system: ICD10CM, code: 'N97.9', display: 'Female infertility, unspecified' },
  { system: ICD10CM, code: 'N97.1', display: 'Female infertility of tubal origin' },
  { system: ICD10CM, code: 'N96', display: 'Recurrent pregnancy loss' },
  { system: ICD10CM, code: 'Z98.51', display: 'Tubal ligation status (check of tubal occlusion)' },
  { system: ICD10CM, code: 'Z31.42', display: 'Aftercare following sterilization reversal' },
  { system: ICD10CM, code: 'N85.6', display: 'Intrauterine synechiae' },
  { system: ICD10CM, code: 'Q51.9', display: 'Congenital malformation of uterus and cervix, unspecified' },
  { system: ICD10CM, code: 'D25.9', display: 'Leiomyoma of uterus, unspecified' },
];

export const CONTRASTS: readonly {
  readonly choice: ContrastChoice;
  readonly label: string;
  readonly coding?: Coding;
}[] = [
  {
    choice: 'water-soluble',
    label: 'Water-soluble iodinated',
    coding: { system: SNOMED, code: '426722004', display: 'Iodinated contrast media' },
  },
  {
    choice: 'oil-based',
    label: 'Oil-based (ethiodized oil)',
    coding: { system: SNOMED, code: '109224005', display: 'Ethiodized oil' },
  },
  { choice: 'unspecified', label: 'Not stated' },
];

/** CMS place-of-service codes, which the service's billing ConceptMap maps to office or facility. */
export const PLACES: readonly {
  readonly choice: PlaceChoice;
  readonly label: string;
  readonly coding?: Coding;
}[] = [
  { choice: 'office', label: 'Office', coding: { system: PLACE_OF_SERVICE, code: '11', display: 'Office' } },
  {
    choice: 'facility',
    label: 'Facility (hospital outpatient)',
    coding: { system: PLACE_OF_SERVICE, code: '22', display: 'On Campus-Outpatient Hospital' },
  },
  { choice: 'unspecified', label: 'Not stated' },
];

export const IMAGING_CATEGORY: Coding = { system: SNOMED, code: '363679005', display: 'Imaging' };

export function procedureOf(kind: OrderKind): Procedure {
  const procedure = PROCEDURES.find((p) => p.kind === kind);
  if (!procedure) throw new Error(`Unknown order kind ${kind}`);
  return procedure;
}
