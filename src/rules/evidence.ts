import type {
  AllergyIntolerance,
  Condition,
  FhirResource,
  MedicationAdministration,
  MedicationRequest,
  Observation,
  Procedure,
} from 'fhir/r4.js';
import { objectsIn } from '../fhir/read-elements.js';
import { conceptLabel } from './concept-match.js';
import { isoDay, parseFhirDate } from './dates.js';
import { observationDate, valueText } from './observation-result.js';
import { conditionOnset, isAllergyUnconfirmed, procedureDate } from './record-status.js';
import type { Evidence } from './types.js';

function referenceOf(resource: FhirResource): { reference?: string } {
  return typeof resource.id === 'string' ? { reference: `${resource.resourceType}/${resource.id}` } : {};
}

function dated(date: Date | undefined): { date?: string } {
  return date ? { date: isoDay(date) } : {};
}

function statusNote(concept: { coding?: { code?: string }[] } | undefined): string {
  const code = concept?.coding?.[0]?.code;
  return code && code !== 'active' && code !== 'confirmed' ? `, ${code}` : '';
}

export function conditionEvidence(condition: Condition): Evidence {
  return {
    resourceType: 'Condition',
    description: `${conceptLabel(condition.code)}${statusNote(condition.clinicalStatus)}${statusNote(condition.verificationStatus)}`,
    ...dated(conditionOnset(condition)),
    ...referenceOf(condition),
  };
}

export function observationEvidence(observation: Observation): Evidence {
  const preliminary = observation.status === 'preliminary' ? ' (preliminary)' : '';
  return {
    resourceType: 'Observation',
    description: `${conceptLabel(observation.code)}: ${valueText(observation)}${preliminary}`,
    ...dated(observationDate(observation)),
    ...referenceOf(observation),
  };
}

export function allergyEvidence(allergy: AllergyIntolerance): Evidence {
  const details: string[] = [];
  if (allergy.criticality) details.push(`criticality ${allergy.criticality}`);
  for (const reaction of objectsIn(allergy.reaction)) {
    const manifestations = objectsIn(reaction.manifestation).map((m) => conceptLabel(m, { withCode: false }));
    const severity = reaction.severity ? ` (${reaction.severity})` : '';
    if (manifestations.length > 0) details.push(`reaction: ${manifestations.join(', ')}${severity}`);
  }
  if (isAllergyUnconfirmed(allergy)) details.push('unconfirmed');
  return {
    resourceType: 'AllergyIntolerance',
    description: [conceptLabel(allergy.code), ...details].join('; '),
    ...dated(parseFhirDate(allergy.onsetDateTime) ?? parseFhirDate(allergy.recordedDate)),
    ...referenceOf(allergy),
  };
}

export function procedureEvidence(procedure: Procedure): Evidence {
  return {
    resourceType: 'Procedure',
    description: `${conceptLabel(procedure.code)}${procedure.status === 'completed' ? '' : `, ${procedure.status}`}`,
    ...dated(procedureDate(procedure)),
    ...referenceOf(procedure),
  };
}

/** A prescription or a dose given, described as `what`, dated by `date` (when it was authored or given). */
export function medicationEvidence(
  resource: MedicationRequest | MedicationAdministration,
  what: string,
  date: Date,
): Evidence {
  return {
    resourceType: resource.resourceType,
    description: `${what} (${resource.status})`,
    ...dated(date),
    ...referenceOf(resource),
  };
}
