import { parseFhirBaseUrl } from '../fhir-base-url.js';
import type { WorkbenchClientConfig } from '../workbench-config.js';
import { createCdsPanel } from './cds-panel.js';
import { byId } from './dom.js';
import { createExchangeView } from './exchange-view.js';
import { createFhirReader } from './fhir-client.js';
import { createMarkdownRenderer } from './markdown.js';
import { createOrderFormView } from './order-form-view.js';
import { createPatientView } from './patient-view.js';
import { createServiceClient } from './service-client.js';
import { isRecord } from './wire.js';
import { createWorkbench, type Workbench } from './workbench.js';

async function loadConfig(): Promise<WorkbenchClientConfig> {
  const response = await fetch('config.json', { headers: { Accept: 'application/json' } });
  const body: unknown = await response.json();
  if (
    !response.ok ||
    !isRecord(body) ||
    typeof body.defaultFhirServer !== 'string' ||
    typeof body.userId !== 'string'
  ) {
    throw new Error(`The workbench configuration could not be read (HTTP ${response.status})`);
  }
  return {
    defaultFhirServer: body.defaultFhirServer,
    authEnabled: body.authEnabled === true,
    canSignTokens: body.canSignTokens === true,
    userId: body.userId,
  };
}

function notifier(element: HTMLElement): (message: string) => void {
  element.title = 'Click to hide';
  element.addEventListener('click', () => (element.hidden = true));
  return (message) => {
    element.textContent = message;
    element.hidden = false;
  };
}

function describeAuth(config: WorkbenchClientConfig): string {
  if (!config.authEnabled) return 'Authentication off: calls carry no JWT';
  return config.canSignTokens
    ? 'Trusted mode: each call carries a sandbox-signed JWT'
    : 'The service requires a JWT that this workbench cannot sign (development with CDS_TRUST_SANDBOX=true only)';
}

/** The FHIR server lives in the page URL, because the page's Content-Security-Policy is built from it. */
function wireFhirServerForm(current: string, notify: (message: string) => void): void {
  const input = byId<HTMLInputElement>('fhir-server');
  input.value = current;
  byId<HTMLFormElement>('fhir-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = parseFhirBaseUrl(input.value);
    if (!chosen) return notify('Enter an absolute http(s) FHIR base URL without query or fragment.');
    location.assign(`?${new URLSearchParams({ fhirServer: chosen }).toString()}`);
  });
}

function findPatientElements() {
  return {
    select: byId<HTMLSelectElement>('patient-select'),
    facts: byId('patient-facts'),
    searchForm: byId<HTMLFormElement>('patient-search'),
    nameInput: byId<HTMLInputElement>('patient-name'),
  };
}

/** The FHIR server named in the page URL when it is a valid base URL, else the configured default. */
function chooseFhirServer(config: WorkbenchClientConfig, notify: (message: string) => void): string {
  const requested = new URLSearchParams(location.search).get('fhirServer');
  const chosen = parseFhirBaseUrl(requested);
  if (requested !== null && chosen === undefined) {
    notify(`Ignored the FHIR server “${requested}”: not an http(s) base URL.`);
  }
  return chosen ?? config.defaultFhirServer;
}

async function main(): Promise<void> {
  const notify = notifier(byId('notice'));
  const config = await loadConfig();
  const fhirServer = chooseFhirServer(config, notify);
  wireFhirServerForm(fhirServer, notify);
  byId('auth-status').textContent = describeAuth(config);
  const exchanges = createExchangeView(byId('exchanges'));
  // The views call back into the workbench only on user events, after it exists.
  const workbench: Workbench = createWorkbench({
    config,
    fhirServer,
    service: createServiceClient({
      serviceBase: new URL('../cds-services', location.href).href,
      tokenUrl: config.canSignTokens ? new URL('token', location.href).href : undefined,
      onExchange: (exchange) => exchanges.add(exchange),
    }),
    readFhir: createFhirReader(fhirServer),
    patientView: createPatientView(findPatientElements(), {
      onSearch: (name) => void workbench.searchPatients(name),
      onPick: (id) =>
        void workbench.pickPatient(id).catch((error: unknown) => notify((error as Error).message)),
    }),
    formView: createOrderFormView(byId('order-form'), (form) => workbench.changeOrder(form)),
    basketList: byId('basket'),
    cds: createCdsPanel(byId('cds-status'), byId('cards'), createMarkdownRenderer(window)),
    notify,
    now: () => new Date(),
  });
  byId('sign').addEventListener('click', () => void workbench.sign());
  byId('open-chart').addEventListener('click', () => void workbench.openChart());
  await workbench.start();
  document.body.dataset.ready = 'true';
}

main().catch((error: unknown) => {
  const notice = document.getElementById('notice');
  if (notice) {
    notice.textContent = `The workbench could not start: ${(error as Error).message}`;
    notice.hidden = false;
  }
});
