import type { FhirResource, Patient } from 'fhir/r4.js';
import type { CdsCard, CdsServiceDescriptor, CdsSuggestion, HookName } from '../../protocol/cds-types.js';
import type { WorkbenchClientConfig } from '../workbench-config.js';
import { renderBasket } from './basket-view.js';
import type { CardHandlers } from './card-view.js';
import type { CdsPanel } from './cds-panel.js';
import { EMPTY_FORM, newDraftOrder, readOrderForm, writeOrderForm, type OrderForm } from './draft-order.js';
import { acceptedFeedback, overriddenFeedback } from './feedback.js';
import { searchPatients, type FhirReader } from './fhir-client.js';
import { buildHookRequest } from './hook-request.js';
import { applyActions, EMPTY_BASKET, findOrder, putOrder, removeOrder, type Basket } from './order-basket.js';
import type { OrderFormView } from './order-form-view.js';
import { summariseRecord } from './patient-facts.js';
import type { PatientView } from './patient-view.js';
import { fetchPrefetch, prefetchFailures, prefetchFor, type PrefetchCache } from './prefetch.js';
import type { ServiceClient } from './service-client.js';
import { isBundle } from './wire.js';
import { resourcesIn } from '../../fhir/read-elements.js';
import { randomUuid } from './uuid.js';

export interface WorkbenchDeps {
  readonly config: WorkbenchClientConfig;
  readonly fhirServer: string;
  readonly service: ServiceClient;
  readonly readFhir: FhirReader;
  readonly patientView: PatientView;
  readonly formView: OrderFormView;
  readonly basketList: HTMLElement;
  readonly cds: CdsPanel;
  readonly notify: (message: string) => void;
  readonly now: () => Date;
}

interface ChosenPatient {
  readonly id: string;
  readonly resource: Patient | undefined;
  readonly cache: PrefetchCache;
}

export interface Workbench {
  start(): Promise<void>;
  searchPatients(name: string): Promise<void>;
  pickPatient(patientId: string): Promise<void>;
  /** Fires patient-view, as an EHR does when the chart is opened (also on every pick). */
  openChart(): Promise<void>;
  changeOrder(form: OrderForm): void;
  sign(): Promise<void>;
}

/** The page's behaviour: patient → draft order → hook calls → cards → suggestions and feedback. */
export function createWorkbench(deps: WorkbenchDeps): Workbench {
  let services: CdsServiceDescriptor[] = [];
  let patient: ChosenPatient | undefined;
  let basket: Basket = EMPTY_BASKET;
  let orderCount = 0;
  let latestCall = 0;

  const serviceFor = (hook: HookName) => services.find((s) => s.hook === hook);
  const showBasket = () => renderBasket(deps.basketList, basket, removeFromBasket);
  const showCurrentOrder = () => {
    const current = findOrder(basket, basket.current);
    deps.formView.show(current?.resourceType === 'ServiceRequest' ? readOrderForm(current) : EMPTY_FORM);
  };

  async function callHook(hook: HookName): Promise<void> {
    const service = serviceFor(hook);
    if (!patient || !service) {
      deps.cds.clear(service ? 'Choose a patient.' : `The service offers no ${hook} service.`);
      return;
    }
    const call = ++latestCall;
    const context = { patientId: patient.id, userId: deps.config.userId };
    const request = buildHookRequest({
      hook,
      hookInstance: randomUuid(),
      fhirServer: deps.fhirServer,
      userId: deps.config.userId,
      patientId: patient.id,
      basket,
      prefetch: prefetchFor(service, context, patient.cache),
    });
    deps.cds.showLoading(hook);
    try {
      const { cards, exchange } = await deps.service.callHook(service.id, request);
      if (call === latestCall)
        deps.cds.showCards(hook, cards, exchange.elapsedMs, handlersFor(service.id, hook));
    } catch (error) {
      if (call === latestCall) deps.cds.showError(hook, (error as Error).message);
    }
  }

  function fireOrderSelect(): void {
    if (basket.current) void callHook('order-select');
    else deps.cds.clear('Compose an order to see the service’s cards.');
  }

  function sendFeedback(serviceId: string, item: Parameters<ServiceClient['sendFeedback']>[1][number]): void {
    deps.service
      .sendFeedback(serviceId, [item])
      .catch((error: unknown) => deps.notify((error as Error).message));
  }

  function handlersFor(serviceId: string, hook: HookName): CardHandlers {
    return {
      onAccept(card: CdsCard, suggestion: CdsSuggestion) {
        const applied = applyActions(basket, suggestion.actions ?? []);
        basket = applied.basket;
        if (applied.problems.length > 0) deps.notify(applied.problems.join('; '));
        showBasket();
        showCurrentOrder();
        deps.cds.removeCard(card.uuid);
        sendFeedback(serviceId, acceptedFeedback(card, suggestion, deps.now()));
        // The order changed: ask again, as the EHR fires order-select when the selection changes.
        if (hook === 'order-select') fireOrderSelect();
      },
      onDismiss(card, override) {
        deps.cds.removeCard(card.uuid);
        sendFeedback(serviceId, overriddenFeedback(card, override, deps.now()));
      },
    };
  }

  function removeFromBasket(reference: string): void {
    basket = removeOrder(basket, reference);
    showBasket();
    showCurrentOrder();
    fireOrderSelect();
  }

  async function loadRecord(patientId: string): Promise<ChosenPatient> {
    const context = { patientId, userId: deps.config.userId };
    const cache = await fetchPrefetch(services, context, deps.readFhir);
    const resources: FhirResource[] = [...cache.values()].flatMap((result) => {
      if (!result.ok) return [];
      return isBundle(result.resource) ? resourcesIn(result.resource) : [result.resource];
    });
    const resource = resources.find((r): r is Patient => r.resourceType === 'Patient' && r.id === patientId);
    deps.patientView.showFacts(resource, summariseRecord(resources), prefetchFailures(cache));
    return { id: patientId, resource, cache };
  }

  return {
    async start() {
      services = await deps.service.discover();
      await this.searchPatients('');
    },
    async searchPatients(name) {
      try {
        deps.patientView.setPatients(await searchPatients(deps.readFhir, name));
      } catch (error) {
        deps.patientView.setPatients([]);
        deps.notify(`${(error as Error).message} (${deps.fhirServer})`);
      }
    },
    async pickPatient(patientId) {
      patient = undefined;
      basket = EMPTY_BASKET;
      latestCall++;
      showBasket();
      deps.formView.show(EMPTY_FORM);
      deps.formView.setEnabled(false);
      deps.cds.clear('Loading the patient’s record…');
      deps.patientView.showMessage('Loading…');
      patient = await loadRecord(patientId);
      deps.formView.setEnabled(true);
      deps.cds.clear('Compose an order to see the service’s cards.');
      await this.openChart();
    },
    async openChart() {
      await callHook('patient-view');
    },
    changeOrder(form) {
      if (!patient || form.kind === '') return;
      if (!basket.current) {
        const id = `workbench-order-${++orderCount}`;
        const draft = newDraftOrder({
          id,
          patientId: patient.id,
          userId: deps.config.userId,
          authoredOn: deps.now().toISOString(),
        });
        basket = { ...putOrder(basket, draft), current: `ServiceRequest/${id}` };
      }
      const current = findOrder(basket, basket.current);
      if (current?.resourceType !== 'ServiceRequest') return;
      basket = putOrder(basket, writeOrderForm(current, form));
      showBasket();
      fireOrderSelect();
    },
    async sign() {
      if (!patient || basket.orders.length === 0) {
        deps.notify('Nothing to sign: compose an order first.');
        return;
      }
      await callHook('order-sign');
    },
  };
}
