import { valueSetUrl } from '../knowledge/canonical.js';

/** The value sets that recognise orders and their contrast agent (contents in fhir-profiles/). */
export const OrderValueSets = {
  hsgOrder: valueSetUrl('hsg-order'),
  hsgOrderText: valueSetUrl('hsg-order-text'),
  selectiveSalpingographyOrder: valueSetUrl('selective-salpingography-order'),
  sisOrder: valueSetUrl('sis-order'),
  sisOrderText: valueSetUrl('sis-order-text'),
  /** CPT 58340: the injection shared by HSG and SIS; HSG unless paired with an SIS code. */
  uterineInjection: valueSetUrl('uterine-contrast-injection'),
  /** An order coded 58340 alone that says saline is an SIS (no contrast rules). */
  salineMedium: valueSetUrl('saline-medium'),
  oilBasedContrast: valueSetUrl('oil-based-contrast'),
  waterSolubleContrast: valueSetUrl('water-soluble-contrast'),
} as const;
