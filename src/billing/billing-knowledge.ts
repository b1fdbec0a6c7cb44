import { CANONICAL_BASE, codeSystemUrl, valueSetUrl } from '../knowledge/canonical.js';
import { ICD10CM_SYSTEM } from '../knowledge/value-set-index.js';
import { RuleValueSets } from '../rules/rule-knowledge.js';

const conceptMapUrl = (name: string): string => `${CANONICAL_BASE}/ConceptMap/${name}`;
const extensionUrl = (name: string): string => `${CANONICAL_BASE}/StructureDefinition/${name}`;

/** The billing knowledge in fhir-profiles/ (codes, pairs, modifiers and bands live there, not here). */
export const BillingKnowledge = {
  /** order kind → CPT pair, with the component each code covers in `target.product` */
  procedureCodes: conceptMapUrl('billing-procedure-codes'),
  /** billing setting → modifier of the imaging code */
  settingModifier: conceptMapUrl('billing-setting-modifier'),
  /** place-of-service / v3 location role type → billing setting */
  placeOfService: conceptMapUrl('place-of-service-billing-setting'),
  /** contrast kind → HCPCS supply code, with iodine-concentration bands in `dependsOn` */
  contrastSupply: conceptMapUrl('contrast-supply-hcpcs'),
  professionalTechnicalSplit: valueSetUrl('cpt-professional-technical-split'),
  indication: RuleValueSets.hsgIndication,
} as const;

export const BillingSystems = {
  cpt: 'http://www.ama-assn.org/go/cpt',
  icd10cm: ICD10CM_SYSTEM,
  orderKind: codeSystemUrl('order-kind'),
  contrastKind: codeSystemUrl('contrast-kind'),
  component: codeSystemUrl('billing-component'),
  setting: codeSystemUrl('billing-setting'),
} as const;

/** Extensions on each Coding of the `org.hsg-cds.codes` card extension (documented in README.md). */
export const CodingExtension = {
  component: extensionUrl('billing-component'),
  modifier: extensionUrl('billing-modifier'),
  alternative: extensionUrl('billing-alternative'),
  units: extensionUrl('billing-units'),
} as const;

/** `dependsOn.property` names of the contrast-supply bands (inclusive, mg iodine per mL). */
export const ConcentrationBand = {
  min: 'iodine-mg-per-ml-min',
  max: 'iodine-mg-per-ml-max',
} as const;
