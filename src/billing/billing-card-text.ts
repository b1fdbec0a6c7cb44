import type { Coding } from 'fhir/r4.js';
import { escapeMarkdown } from '../cards/markdown.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { BillingAssessment } from './assess-billing.js';
import { BillingSystems } from './billing-knowledge.js';
import type { ContrastSupply, SupplyCode } from './contrast-supply.js';
import type { Indication } from './indications.js';
import type { ProcedureCode } from './procedure-codes.js';

const md = escapeMarkdown;

/** `74740-26`: the conventional claim notation, for people; the card extension carries it as Codings. */
export function procedureLabel(code: ProcedureCode, modifier: Coding | undefined): string {
  return code.takesComponentModifier && modifier
    ? `${code.coding.code}-${modifier.code}`
    : (code.coding.code ?? '');
}

function codeLine(coding: Coding, rest: string): string {
  const display = coding.display ? ` ${md(coding.display)}` : '';
  return `- **${md(coding.code ?? '')}**${display}${rest ? `: ${rest}` : ''}`;
}

function procedureLine(a: BillingAssessment, code: ProcedureCode, knowledge: Knowledge): string {
  const covers = knowledge.display(BillingSystems.component, code.component) ?? code.component;
  const parts = [`Covers the ${md(covers.toLowerCase())}.`, code.note ? md(code.note) : ''];
  if (!code.takesComponentModifier) {
    parts.push('No -26/-TC: a surgical code without a professional/technical split.');
  } else if (a.modifier.coding) {
    parts.push(
      `Modifier ${md(a.modifier.coding.code ?? '')} (${md(a.modifier.coding.display ?? '')}): ${md(a.modifier.note ?? '')}`,
    );
  } else {
    parts.push(md(a.modifier.note ?? 'Global billing: no modifier.'));
    const tc = a.technicalOnly?.coding;
    if (tc)
      parts.push(
        `Technical-only billing: ${md(procedureLabel(code, tc))}. ${md(a.technicalOnly?.note ?? '')}`,
      );
  }
  return codeLine(
    { ...code.coding, code: procedureLabel(code, a.modifier.coding) },
    parts.filter(Boolean).join(' '),
  );
}

function proceduresSection(a: BillingAssessment, knowledge: Knowledge): string {
  const lines = a.procedures.map((code) => procedureLine(a, code, knowledge));
  return [
    `**Procedure codes (CPT)**, billed in the **${a.setting.setting}** setting, ${md(a.setting.reason)}.`,
    lines.join('\n'),
  ].join('\n\n');
}

function bandText(code: SupplyCode): string {
  if (code.min !== undefined && code.max !== undefined) return `${code.min}–${code.max} mg I/mL`;
  return code.min !== undefined ? `${code.min} mg I/mL or more` : '';
}

function contrastSection(supply: ContrastSupply): string {
  const { agent, concentration, volumeMl } = supply.documentation;
  const documented = [
    agent ? `agent as ordered “${md(agent)}”` : 'agent not named on the order',
    concentration !== undefined ? `${concentration} mg I/mL` : 'concentration not stated',
    volumeMl !== undefined ? `${volumeMl} mL` : 'volume not stated',
  ].join('; ');
  const lines: string[] = [];
  if (supply.selected) {
    const units = volumeMl !== undefined ? `${volumeMl} units (1 unit = 1 mL)` : 'units = mL injected';
    lines.push(codeLine(supply.selected.coding, `${bandText(supply.selected)}; ${units}.`));
  } else if (supply.candidates.length > 0) {
    const why =
      concentration === undefined
        ? 'the documented iodine concentration decides which one applies'
        : `${concentration} mg I/mL is outside these bands: check the agent's concentration`;
    lines.push(
      `One of these, per mL; ${why}:`,
      '',
      ...supply.candidates.map((c) => codeLine(c.coding, bandText(c))),
    );
  }
  if (supply.unmappedNote) lines.push(md(supply.unmappedNote));
  return [
    `**Contrast supply (HCPCS Level II):** ${documented}.`,
    lines.join('\n'),
    'Under the hospital outpatient system (OPPS) contrast codes are packaged (status indicator N): report them, ' +
      'they are not paid separately; in the office they are usually paid separately.',
  ].join('\n\n');
}

function indicationLine(indication: Indication): string {
  const sources = md(indication.sources.join('; '));
  if (indication.coding.system === BillingSystems.icd10cm)
    return codeLine(indication.coding, `from ${sources}.`);
  return codeLine(indication.coding, `from ${sources} (SNOMED CT): the claim needs an ICD-10-CM code.`);
}

function diagnosisSection(a: BillingAssessment): string {
  const { supporting, otherReasons, notes } = a.indications;
  const parts = ['**Diagnosis (ICD-10-CM):**'];
  if (supporting.length > 0) parts.push(supporting.map(indicationLine).join('\n'));
  else
    parts.push(
      'No supporting indication was found on the order (reasonCode, reasonReference) or among active ' +
        'Conditions: add the diagnosis that establishes medical necessity (see the Indication missing card).',
    );
  if (otherReasons.length > 0) {
    parts.push(
      'Also given as the reason on the order, but not a recognised HSG indication:\n\n' +
        otherReasons.map((r) => codeLine(r.coding, `from ${md(r.sources.join('; '))}.`)).join('\n'),
    );
  }
  if (notes.length > 0) parts.push(`Not read: ${md(notes.join('; '))}.`);
  return parts.join('\n\n');
}

function documentationSection(a: BillingAssessment): string {
  const contrast = a.contrast
    ? '; the contrast agent, its class (water-soluble low-osmolar, high-osmolar or oil-based), iodine ' +
      'concentration (mg I/mL) and the volume in mL, which must equal the billed units; route intrauterine ' +
      '(lot/NDC and fluoroscopy time recommended)'
    : '';
  return (
    `**Documentation:** the indication that establishes medical necessity${contrast}.\n\n` +
    '**Coverage:** some plans require prior authorization or benefit verification for infertility services, ' +
    'and many exclude them (e.g. after voluntary sterilization); an infertility diagnosis may route the claim ' +
    'to an infertility benefit. Verify with the payer.'
  );
}

/** The card's markdown: codes with modifier and reason, contrast, diagnosis, documentation. */
export function renderBillingExplanation(a: BillingAssessment, knowledge: Knowledge): string {
  return [
    proceduresSection(a, knowledge),
    a.contrast ? contrastSection(a.contrast) : '',
    diagnosisSection(a),
    documentationSection(a),
  ]
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
  const icd = a.indications.claimable.map((i) => i.coding.code);
  const diagnosis = icd.length > 0 ? `ICD-10-CM ${icd.join(', ')}` : 'no supporting ICD-10-CM indication';
  return ['Billing codes: CPT ' + cpt, contrastSummary(a.contrast), diagnosis].filter(Boolean).join('; ');
}
