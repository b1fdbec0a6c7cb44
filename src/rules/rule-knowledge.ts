import { activityDefinitionUrl, valueSetUrl } from '../knowledge/canonical.js';

/** The value sets the clinical rules read (contents and sources in fhir-profiles/ValueSet-*.json). */
export const RuleValueSets = {
  pregnancyCondition: valueSetUrl('pregnancy-condition'),
  pregnancyStatusObservation: valueSetUrl('pregnancy-status-observation'),
  pregnancyStatusPregnant: valueSetUrl('pregnancy-status-pregnant'),
  hcgTest: valueSetUrl('hcg-test'),
  hcgSerum: valueSetUrl('hcg-serum'),
  postmenopausalState: valueSetUrl('postmenopausal-state'),
  positiveResult: valueSetUrl('positive-result'),
  negativeResult: valueSetUrl('negative-result'),
  pelvicInfectionActive: valueSetUrl('pelvic-infection-active'),
  pelvicInfectionHistory: valueSetUrl('pelvic-infection-history'),
  ctngNaat: valueSetUrl('ctng-naat'),
  ctngOrganism: valueSetUrl('ctng-organism'),
  chlamydiaNaat: valueSetUrl('chlamydia-naat'),
  gonorrhoeaNaat: valueSetUrl('gonorrhoea-naat'),
  ctngTreatment: valueSetUrl('ctng-treatment'),
  upperGenitalTractInfection: valueSetUrl('upper-genital-tract-infection'),
  doxycycline: valueSetUrl('doxycycline'),
  contrastAllergen: valueSetUrl('contrast-allergen'),
  severeReactionManifestation: valueSetUrl('severe-reaction-manifestation'),
  iodineAllergen: valueSetUrl('iodine-allergen'),
  povidoneIodineAllergen: valueSetUrl('povidone-iodine-allergen'),
  latexAllergen: valueSetUrl('latex-allergen'),
  asthmaAllergicDisorder: valueSetUrl('asthma-allergic-disorder'),
  cardiopulmonaryDisease: valueSetUrl('cardiopulmonary-disease'),
  lactation: valueSetUrl('lactation'),
  cervicalErosion: valueSetUrl('cervical-erosion'),
  intrauterineDevice: valueSetUrl('intrauterine-device'),
  lmpObservation: valueSetUrl('lmp-observation'),
  abnormalUterineBleeding: valueSetUrl('abnormal-uterine-bleeding'),
  uterineProcedure: valueSetUrl('uterine-procedure'),
  deliveryProcedure: valueSetUrl('delivery-procedure'),
  pregnancyEndCondition: valueSetUrl('pregnancy-end-condition'),
  deliveryCondition: valueSetUrl('delivery-condition'),
  hyperthyroidism: valueSetUrl('hyperthyroidism'),
  hypothyroidism: valueSetUrl('hypothyroidism'),
  tshObservation: valueSetUrl('tsh-observation'),
  gynecologicMalignancy: valueSetUrl('gynecologic-malignancy'),
  uterineCervicalMalignancy: valueSetUrl('uterine-cervical-malignancy'),
  noUterusCondition: valueSetUrl('no-uterus-condition'),
  hysterectomyProcedure: valueSetUrl('hysterectomy-procedure'),
  /** Also the billing's list of supporting diagnoses (BillingKnowledge.indication). */
  hsgIndication: valueSetUrl('hsg-indication'),
} as const;

/** The ActivityDefinitions the suggestions apply (fhir-profiles/ActivityDefinition-*.json). */
export const RuleActivityDefinitions = {
  serumHcg: activityDefinitionUrl('serum-hcg'),
  salineInfusionSonohysterography: activityDefinitionUrl('saline-infusion-sonohysterography'),
  doxycyclineProphylaxis: activityDefinitionUrl('doxycycline-hsg-prophylaxis'),
} as const;
