import type { Coding } from 'fhir/r4.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { BillingKnowledge, BillingSystems } from './billing-knowledge.js';
import type { BillingSetting } from './billing-setting.js';
import { requireConceptMap, targetCoding, translateCode } from './concept-map.js';

export interface SettingModifier {
  /** The modifier of codes with a professional/technical split; undefined = global billing. */
  readonly coding: Coding | undefined;
  readonly note: string | undefined;
}

/** The modifier of the imaging code in a billing setting (ConceptMap billing-setting-modifier). */
export function modifierForSetting(
  setting: BillingSetting | 'technical-only',
  knowledge: Knowledge,
): SettingModifier {
  const map = requireConceptMap(knowledge, BillingKnowledge.settingModifier);
  const [mapped] = translateCode(map, BillingSystems.setting, setting);
  if (!mapped) throw new Error(`ConceptMap ${map.url} has no entry for the ${setting} setting`);
  return { coding: targetCoding(mapped), note: mapped.target.comment };
}
