import { h, replaceChildren } from './dom.js';
import type { OrderForm } from './draft-order.js';
import {
  CONTRASTS,
  PLACES,
  PROCEDURES,
  REASONS,
  procedureOf,
  type ContrastChoice,
  type OrderKind,
  type PlaceChoice,
} from './order-catalog.js';

export interface OrderFormView {
  /** Shows the form's values (after a suggestion changed the order, or for a new patient). */
  show(form: OrderForm): void;
  setEnabled(enabled: boolean): void;
}

function radio(name: string, value: string, label: string): HTMLLabelElement {
  return h('label', { class: 'choice' }, h('input', { type: 'radio', name, value }), label);
}

function checkbox(name: string, value: string, label: string): HTMLLabelElement {
  return h('label', { class: 'choice' }, h('input', { type: 'checkbox', name, value }), label);
}

function fieldset(legend: string, ...children: HTMLElement[]): HTMLFieldSetElement {
  return h('fieldset', { class: 'field' }, h('legend', {}, legend), ...children);
}

/** The order-entry form, like an EHR's order composer; every change is reported with the whole form. */
export function createOrderFormView(
  container: HTMLElement,
  onChange: (form: OrderForm) => void,
): OrderFormView {
  const date = h('input', { type: 'date', name: 'scheduledDate', 'aria-label': 'Scheduled date' });
  const form = h(
    'form',
    { class: 'order-form', autocomplete: 'off' },
    fieldset('Procedure', ...PROCEDURES.map((p) => radio('kind', p.kind, p.label))),
    fieldset(
      'Reason for exam',
      ...REASONS.map((r) => checkbox('reason', r.code ?? '', `${r.display ?? ''} (${r.code ?? ''})`)),
    ),
    fieldset('Scheduled date', date),
    fieldset('Contrast', ...CONTRASTS.map((c) => radio('contrast', c.choice, c.label))),
    fieldset('Place of service', ...PLACES.map((p) => radio('place', p.choice, p.label))),
  );
  replaceChildren(container, form);

  const inputs = (name: string) =>
    Array.from(form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`));
  const checked = (name: string) => inputs(name).find((i) => i.checked)?.value ?? '';
  const read = (): OrderForm => ({
    kind: checked('kind') as OrderKind | '',
    reasons: inputs('reason')
      .filter((i) => i.checked)
      .map((i) => i.value),
    scheduledDate: date.value,
    contrast: (checked('contrast') || 'unspecified') as ContrastChoice,
    place: (checked('place') || 'unspecified') as PlaceChoice,
  });
  const updateContrastAvailability = (kind: OrderKind | '') => {
    const usesContrast = kind !== '' && procedureOf(kind).usesContrast;
    inputs('contrast').forEach((i) => (i.disabled = !usesContrast));
  };

  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', () => {
    const values = read();
    updateContrastAvailability(values.kind);
    onChange(values);
  });

  const view: OrderFormView = {
    show(values) {
      inputs('kind').forEach((i) => (i.checked = i.value === values.kind));
      inputs('reason').forEach((i) => (i.checked = values.reasons.includes(i.value)));
      inputs('contrast').forEach((i) => (i.checked = i.value === values.contrast));
      inputs('place').forEach((i) => (i.checked = i.value === values.place));
      date.value = values.scheduledDate;
      updateContrastAvailability(values.kind);
    },
    setEnabled(enabled) {
      form.querySelectorAll('input').forEach((i) => (i.disabled = !enabled));
      if (enabled) updateContrastAvailability(read().kind);
    },
  };
  // Disabled until a patient's record is loaded.
  view.setEnabled(false);
  return view;
}
