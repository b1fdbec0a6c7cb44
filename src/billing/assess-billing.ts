import type { RecognisedOrder } from '../orders/recognised-order.js';
import { parseFhirDate } from '../rules/dates.js';
import type { ScreeningInput } from '../rules/types.js';
import { determineBillingSetting, type SettingDecision } from './billing-setting.js';
import { findContrastSupply, type ContrastSupply } from './contrast-supply.js';
import { findIndications, type IndicationReport } from './indications.js';
import { modifierForSetting, type SettingModifier } from './modifiers.js';
import { procedureCodesFor, type ProcedureCode } from './procedure-codes.js';

/** Everything the billing-codes card says about one order. */
export interface BillingAssessment {
  readonly order: RecognisedOrder;
  readonly procedures: readonly ProcedureCode[];
  readonly setting: SettingDecision;
  readonly modifier: SettingModifier;
  /** The -TC alternative, offered when the setting is office (global) billing. */
  readonly technicalOnly: SettingModifier | undefined;
  readonly contrast: ContrastSupply | undefined;
  readonly indications: IndicationReport;
  /** The order's scheduled date, else today: ICD-10-CM codes are checked in its fiscal year. */
  readonly dateOfService: Date;
  /** CPT 58340 alone: the imaging codes of which one is missing (the card names them, never guesses). */
  readonly missingImaging: readonly ProcedureCode[];
}

/** The imaging code of each kind the shared injection (58340) can belong to: 74740 (HSG) or 76831 (SIS). */
function imagingAlternatives(knowledge: ScreeningInput['knowledge']): ProcedureCode[] {
  return (['hsg', 'sis'] as const).flatMap((kind) =>
    procedureCodesFor(kind, knowledge).filter((p) => p.takesComponentModifier),
  );
}

export function assessBilling(order: RecognisedOrder, input: ScreeningInput): BillingAssessment {
  const { knowledge } = input;
  const setting = determineBillingSetting(order, input.settings.billingSetting, knowledge);
  const dateOfService = parseFhirDate(order.scheduledDate) ?? input.now;
  const procedures = procedureCodesFor(order.kind, knowledge);
  return {
    order,
    // 58340 alone: only the injection is known; the imaging code is not guessed.
    procedures: order.imagingCodeMissing ? procedures.filter((p) => !p.takesComponentModifier) : procedures,
    missingImaging: order.imagingCodeMissing ? imagingAlternatives(knowledge) : [],
    dateOfService,
    setting,
    modifier: modifierForSetting(setting.setting, knowledge),
    technicalOnly: setting.setting === 'office' ? modifierForSetting('technical-only', knowledge) : undefined,
    contrast: findContrastSupply(order, knowledge),
    indications: findIndications(order, input.record, knowledge, dateOfService),
  };
}
