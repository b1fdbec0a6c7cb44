import type {
  AllergyIntolerance,
  CodeableConcept,
  Condition,
  FhirResource,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
  ServiceRequest,
} from 'fhir/r4.js';
import { isoDay } from '../../rules/dates.js';
import { observationDate } from '../../rules/observation-result.js';
import { conditionOnset, procedureDate } from '../../rules/record-status.js';

/** One line of the patient panel: what, its value or status, and when. */
export interface Fact {
  readonly text: string;
  readonly value?: string;
  readonly date?: string;
}

export interface FactGroup {
  readonly title: string;
  readonly facts: readonly Fact[];
}

export function conceptText(concept: CodeableConcept | undefined): string {
  const coding = concept?.coding?.find((c) => c.display) ?? concept?.coding?.[0];
  return concept?.text ?? coding?.display ?? coding?.code ?? 'Uncoded';
}

const day = (value: string | undefined): string | undefined => value?.slice(0, 10);
/** Dated as the rules date them, so the panel and the cards name the same day. */
const dayOf = (date: Date | undefined): string | undefined => (date ? isoDay(date) : undefined);
const statusOf = (concept: CodeableConcept | undefined): string | undefined => concept?.coding?.[0]?.code;
const joined = (...parts: (string | undefined)[]): string | undefined =>
  parts.filter(Boolean).join(' · ') || undefined;

function observationValue(o: Observation): string | undefined {
  if (o.valueCodeableConcept) return conceptText(o.valueCodeableConcept);
  if (o.valueQuantity)
    return [o.valueQuantity.value, o.valueQuantity.unit ?? o.valueQuantity.code]
      .filter((v) => v !== undefined)
      .join(' ');
  return (
    o.valueString ?? o.valueDateTime ?? (o.valueBoolean === undefined ? undefined : String(o.valueBoolean))
  );
}

function observationFact(o: Observation): Fact {
  const value = joined(
    observationValue(o),
    o.interpretation?.[0] ? conceptText(o.interpretation[0]) : undefined,
    o.status,
  );
  return {
    text: conceptText(o.code),
    value,
    date: dayOf(observationDate(o)),
  };
}

function conditionFact(c: Condition): Fact {
  const value = joined(statusOf(c.clinicalStatus), statusOf(c.verificationStatus));
  return { text: conceptText(c.code), value, date: dayOf(conditionOnset(c)) };
}

function allergyFact(a: AllergyIntolerance): Fact {
  const reactions = (a.reaction ?? []).map((r) =>
    joined(r.severity, ...(r.manifestation ?? []).map((m) => conceptText(m))),
  );
  const value = joined(
    statusOf(a.clinicalStatus),
    a.criticality ? `criticality ${a.criticality}` : undefined,
    ...reactions,
  );
  return { text: conceptText(a.code), value, date: day(a.recordedDate ?? a.onsetDateTime) };
}

function procedureFact(p: Procedure): Fact {
  return {
    text: conceptText(p.code),
    value: p.status,
    date: dayOf(procedureDate(p)),
  };
}

function medicationFact(m: MedicationRequest): Fact {
  return { text: conceptText(m.medicationCodeableConcept), value: m.status, date: day(m.authoredOn) };
}

function orderFact(o: ServiceRequest): Fact {
  return { text: conceptText(o.code), value: o.status, date: day(o.occurrenceDateTime ?? o.authoredOn) };
}

const newestFirst = (a: Fact, b: Fact) => (b.date ?? '').localeCompare(a.date ?? '');

/** The facts the rules read, grouped as the patient panel shows them, newest first, de-duplicated by id. */
export function summariseRecord(resources: readonly FhirResource[]): FactGroup[] {
  const unique = [
    ...new Map(resources.map((r, i) => [r.id ? `${r.resourceType}/${r.id}` : `#${i}`, r])).values(),
  ];
  const of = <T extends FhirResource>(type: T['resourceType']) =>
    unique.filter((r): r is T => r.resourceType === type);
  return [
    {
      title: 'Pregnancy tests and other observations',
      facts: of<Observation>('Observation').map(observationFact),
    },
    { title: 'Conditions', facts: of<Condition>('Condition').map(conditionFact) },
    { title: 'Allergies', facts: of<AllergyIntolerance>('AllergyIntolerance').map(allergyFact) },
    { title: 'Procedures', facts: of<Procedure>('Procedure').map(procedureFact) },
    { title: 'Medications', facts: of<MedicationRequest>('MedicationRequest').map(medicationFact) },
    { title: 'Pending orders in the chart', facts: of<ServiceRequest>('ServiceRequest').map(orderFact) },
  ].map((group) => ({ ...group, facts: [...group.facts].sort(newestFirst) }));
}

/** "female · born 1992-03-04" */
export function describePatient(patient: Patient | undefined): string {
  return joined(patient?.gender, patient?.birthDate ? `born ${patient.birthDate}` : undefined) ?? '';
}
