import type { Coding, Extension } from 'fhir/r4.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { BillingSystems, CodingExtension } from './billing-knowledge.js';

export interface BillingCodingOptions {
  /** The modifier billed with the code (CPT 26 or HCPCS TC). */
  readonly modifier?: Coding;
  /** True when the code is one of several alternatives of which the documentation selects one. */
  readonly alternative?: boolean;
  /** Units to bill, for per-mL supply codes. */
  readonly unitsMl?: number;
}

/**
 * A Coding for the `org.hsg-cds.codes` card extension: the code itself, plus FHIR extensions for
 * the component it covers, its modifier, whether it is an alternative and its units (README.md).
 */
export function buildBillingCoding(
  coding: Coding,
  component: string,
  knowledge: Knowledge,
  options: BillingCodingOptions = {},
): Coding {
  const display = knowledge.display(BillingSystems.component, component);
  if (!display) throw new Error(`Billing component ${component} is not in the billing-component CodeSystem`);
  const extension: Extension[] = [
    {
      url: CodingExtension.component,
      valueCoding: { system: BillingSystems.component, code: component, display },
    },
  ];
  if (options.modifier) extension.push({ url: CodingExtension.modifier, valueCoding: options.modifier });
  if (options.alternative) extension.push({ url: CodingExtension.alternative, valueBoolean: true });
  if (options.unitsMl !== undefined) {
    extension.push({
      url: CodingExtension.units,
      valueQuantity: { value: options.unitsMl, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' },
    });
  }
  return {
    system: coding.system,
    code: coding.code,
    ...(coding.display ? { display: coding.display } : {}),
    extension,
  };
}
