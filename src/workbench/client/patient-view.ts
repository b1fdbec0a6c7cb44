import type { Patient } from 'fhir/r4.js';
import { h, replaceChildren } from './dom.js';
import { patientName } from './fhir-client.js';
import { describePatient, type FactGroup } from './patient-facts.js';

export interface PatientView {
  setPatients(patients: readonly Patient[]): void;
  showFacts(patient: Patient | undefined, groups: readonly FactGroup[], failures: readonly string[]): void;
  showMessage(text: string): void;
}

export interface PatientViewElements {
  readonly select: HTMLSelectElement;
  readonly facts: HTMLElement;
  readonly searchForm: HTMLFormElement;
  readonly nameInput: HTMLInputElement;
}

function renderGroup(group: FactGroup): HTMLElement {
  const items = group.facts.map((fact) =>
    h(
      'li',
      { class: 'fact' },
      h('span', { class: 'fact__text' }, fact.text),
      fact.value ? h('span', { class: 'fact__value' }, fact.value) : null,
      fact.date ? h('time', { class: 'fact__date', datetime: fact.date }, fact.date) : null,
    ),
  );
  return h(
    'section',
    { class: 'facts__group' },
    h('h3', {}, group.title),
    items.length > 0 ? h('ul', {}, ...items) : h('p', { class: 'facts__none' }, 'None on record'),
  );
}

/** The patient picker and the compact panel of the facts the rules read. */
export function createPatientView(
  elements: PatientViewElements,
  handlers: { onSearch: (name: string) => void; onPick: (patientId: string) => void },
): PatientView {
  elements.searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.onSearch(elements.nameInput.value);
  });
  elements.select.addEventListener('change', () => {
    if (elements.select.value) handlers.onPick(elements.select.value);
  });
  return {
    setPatients(patients) {
      replaceChildren(
        elements.select,
        h('option', { value: '' }, patients.length > 0 ? 'Choose a patient…' : 'No patients found'),
        ...patients.map((p) => h('option', { value: p.id ?? '' }, `${patientName(p)} (${p.id ?? ''})`)),
      );
    },
    showFacts(patient, groups, failures) {
      replaceChildren(
        elements.facts,
        patient ? h('p', { class: 'facts__patient' }, describePatient(patient)) : null,
        failures.length > 0
          ? h('ul', { class: 'facts__failures' }, ...failures.map((f) => h('li', {}, `Could not fetch ${f}`)))
          : null,
        ...groups.map(renderGroup),
      );
    },
    showMessage(text) {
      replaceChildren(elements.facts, h('p', { class: 'facts__none' }, text));
    },
  };
}
