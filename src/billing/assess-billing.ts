import type { RecognisedOrder } from '../orders/recognised-order.js';
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
}

export function assessBilling(order: RecognisedOrder, input: ScreeningInput): BillingAssessment {
  const { knowledge } = input;
  const setting = determineBillingSetting(order, input.settings.billingSetting, knowledge);
  return {
    order,
    procedures: procedureCodesFor(order.kind, knowledge),
    setting,
    modifier: modifierForSetting(setting.setting, knowledge),
    technicalOnly: setting.setting === 'office' ? modifierForSetting('technical-only', knowledge) : undefined,
    contrast: findContrastSupply(order, knowledge),
    indications: findIndications(order, input.record, knowledge),
  };
}
