import type { Coding } from 'fhir/r4.js';
import { escapeMarkdown } from '../cards/markdown.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { BillingAssessment } from './assess-billing.js';
import { BillingSystems } from './billing-knowledge.js';
import type { ContrastSupply, SupplyCode } from './contrast-supply.js';
import type { Indication, NotBillable } from './indications.js';
import type { ProcedureCode } from './procedure-codes.js';

const md = escapeMarkdown;

/** `74740-26`: the conventional claim notation, for people; the card extension carries it as Codings. */
export function procedureLabel(code: ProcedureCode, modifier: Coding | undefined): string {
  return code.takesComponentModifier && modifier
    ? `${code.coding.code}-${modifier.code}`
    : (code.coding.code ?? '');
}

function procedureLine(a: BillingAssessment, code: ProcedureCode, knowledge: Knowledge): string {
  const covers = (
    knowledge.display(BillingSystems.component, code.component) ?? code.component
  ).toLowerCase();
  let modifier = '';
  if (!code.takesComponentModifier)
    modifier = 'No -26/-TC: a surgical code without a professional/technical split.';
  else if (a.modifier.coding) modifier = `${md(a.modifier.coding.display ?? '')}.`;
  else if (a.technicalOnly?.coding)
    modifier = `Global (no modifier); ${md(procedureLabel(code, a.technicalOnly.coding))} if the interpretation is billed elsewhere.`;
  const note = code.note && !code.takesComponentModifier ? ` ${md(code.note)}` : '';
  return `- **${md(procedureLabel(code, a.modifier.coding))}** ${md(covers)}. ${modifier}${note}`;
}

function proceduresSection(a: BillingAssessment, knowledge: Knowledge): string {
  const lines = a.procedures.map((code) => procedureLine(a, code, knowledge));
  if (a.missingImaging.length > 0) {
    const codes = a.missingImaging
      .map(
        (p) =>
          `${md(p.coding.code ?? '')} (${md(knowledge.display(BillingSystems.component, p.component) ?? p.component)})`,
      )
      .join(' or ');
    lines.push(
      `- **Imaging code missing:** the order has only CPT 58340, the injection shared by HSG and SIS. Add ${codes}.`,
    );
  }
  return [`**CPT**, **${a.setting.setting}** setting, ${md(a.setting.reason)}.`, lines.join('\n')].join(
    '\n\n',
  );
}

function bandText(code: SupplyCode): string {
  if (code.min !== undefined && code.max !== undefined) return `${code.min}–${code.max} mg I/mL`;
  return code.min !== undefined ? `${code.min}+ mg I/mL` : '';
}

function contrastSection(supply: ContrastSupply): string {
  const { agent, concentration, volumeMl } = supply.documentation;
  const documented = [
    agent ? `agent as ordered “${md(agent)}”` : 'agent not named on the order',
    concentration !== undefined ? `${concentration} mg I/mL` : 'concentration not stated',
    volumeMl !== undefined ? `${volumeMl} mL` : 'volume not stated',
  ].join('; ');
  let codes = '';
  if (supply.selected) {
    const units = volumeMl !== undefined ? `${volumeMl} units` : 'units = mL injected';
    codes = `**${md(supply.selected.coding.code ?? '')}** (${bandText(supply.selected)}), ${units}.`;
  } else if (supply.candidates.length > 0) {
    const why =
      concentration === undefined
        ? 'the documented iodine concentration decides'
        : `${concentration} mg I/mL is outside these bands: check the agent's concentration`;
    codes = `one of ${supply.candidates.map((c) => `**${md(c.coding.code ?? '')}** (${bandText(c)})`).join(', ')} per mL; ${why}.`;
  }
  const unmapped = supply.unmappedNote ? ` ${md(supply.unmappedNote)}` : '';
  return `**HCPCS contrast** (${documented}): ${codes}${unmapped} Packaged under OPPS.`;
}

function indicationLine(indication: Indication, rest: string): string {
  const display = indication.coding.display ? ` ${md(indication.coding.display)}` : '';
  return `- **${md(indication.coding.code ?? '')}**${display}: ${rest}`;
}

const NOT_BILLABLE: Record<NotBillable['reason'], string> = {
  header: 'not billable: pick a specific code',
  'not-in-year': 'not a valid code on the date of service: pick a current code',
  unknown: 'not in the shipped ICD-10-CM table: check it',
};

function diagnosisSection(a: BillingAssessment): string {
  const { supporting, notBillable, otherReasons, notes, fiscalYear } = a.indications;
  const date = a.dateOfService.toISOString().slice(0, 10);
  const lines = supporting.map((indication) => {
    const from = `from ${md(indication.sources.join('; '))}`;
    if (indication.coding.system !== BillingSystems.icd10cm)
      return indicationLine(indication, `${from} (SNOMED CT): the claim needs an ICD-10-CM code.`);
    const blocked = notBillable.find((n) => n.indication === indication);
    return indicationLine(
      indication,
      blocked ? `**${NOT_BILLABLE[blocked.reason]}** (${from}).` : `${from}.`,
    );
  });
  const parts = [`**ICD-10-CM** (FY${fiscalYear}, date of service ${date}):`];
  parts.push(
    lines.length > 0
      ? lines.join('\n')
      : 'No supporting indication was found on the order or among active Conditions: add the diagnosis ' +
          '(see the Indication missing card).',
  );
  if (otherReasons.length > 0)
    parts.push(
      `Not a recognised HSG indication: ${otherReasons.map((r) => md(r.coding.code ?? '')).join(', ')}.`,
    );
  if (notes.length > 0) parts.push(`Not read: ${md(notes.join('; '))}.`);
  return parts.join('\n\n');
}

/** The card's markdown: CPT with modifier, contrast, diagnoses. Documentation and coverage are on the page. */
export function renderBillingExplanation(a: BillingAssessment, knowledge: Knowledge): string {
  return [proceduresSection(a, knowledge), a.contrast ? contrastSection(a.contrast) : '', diagnosisSection(a)]
    .filter(Boolean)
    .join('\n\n');
}

function contrastSummary(supply: ContrastSupply | undefined): string | undefined {
  if (!supply) return undefined;
  if (supply.selected) return `HCPCS ${supply.selected.coding.code}`;
  const codes = supply.candidates.map((c) => c.coding.code);
  return codes.length > 0 ? `HCPCS ${codes.join('/')} by concentration` : 'contrast supply per payer';
}

/** One line for the card summary (cut to 139 characters by the card builder). */
export function summariseBilling(a: BillingAssessment): string {
  const cpt = a.procedures.map((p) => procedureLabel(p, a.modifier.coding)).join(' + ');
  const imaging = a.missingImaging.length > 0 ? ' (imaging code missing)' : '';
  const icd = a.indications.claimable.map((i) => i.coding.code);
  const diagnosis =
    icd.length > 0
      ? `ICD-10-CM ${icd.join(', ')}`
      : a.indications.notBillable.length > 0
        ? 'ICD-10-CM: pick a specific code'
        : 'no supporting ICD-10-CM indication';
  return ['Billing codes: CPT ' + cpt + imaging, contrastSummary(a.contrast), diagnosis]
    .filter(Boolean)
    .join('; ');
}
