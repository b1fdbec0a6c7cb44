import type { CdsCard, CdsFeedbackItem, CdsRequest, CdsServiceDescriptor } from '../../protocol/cds-types.js';
import { isRecord, readCards, readDiscovery } from './wire.js';

/** One HTTP exchange with the service, exactly as sent and received, for the inspector panel. */
export interface Exchange {
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly requestBody?: unknown;
  /** What the Authorization header carried, described (header and claims), never the token itself. */
  readonly authorization?: string;
  /** Undefined when no response came. */
  readonly status?: number;
  readonly responseBody?: unknown;
  readonly error?: string;
  readonly elapsedMs: number;
  readonly at: string;
}

export interface ServiceClientOptions {
  /** Absolute URL of the service's `/cds-services`. */
  readonly serviceBase: string;
  /** Absolute URL of the workbench's `token` endpoint, when the page is to send sandbox-signed JWTs. */
  readonly tokenUrl?: string;
  readonly onExchange: (exchange: Exchange) => void;
}

export interface ServiceClient {
  discover(): Promise<CdsServiceDescriptor[]>;
  callHook(
    serviceId: string,
    request: CdsRequest,
  ): Promise<{ readonly cards: CdsCard[]; readonly exchange: Exchange }>;
  sendFeedback(serviceId: string, feedback: readonly CdsFeedbackItem[]): Promise<Exchange>;
}

export class ServiceCallError extends Error {}

function decodeSegment(segment: string | undefined): unknown {
  try {
    const base64 = (segment ?? '').replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as unknown;
  } catch {
    return undefined;
  }
}

/** `Bearer <JWT>` described by its header and claims, so engineers see what was sent without the signature. */
export function describeJwt(token: string): string {
  const [header, payload] = token.split('.').slice(0, 2).map(decodeSegment);
  return `Bearer <JWT> header ${JSON.stringify(header)} claims ${JSON.stringify(payload)}`;
}

function outcomeText(body: unknown): string | undefined {
  const issue = isRecord(body) && Array.isArray(body.issue) ? (body.issue[0] as unknown) : undefined;
  return isRecord(issue) && typeof issue.diagnostics === 'string' ? issue.diagnostics : undefined;
}

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const servicePath = new URL(options.serviceBase).pathname.replace(/\/+$/, '');

  async function tokenFor(url: string): Promise<string | undefined> {
    if (!options.tokenUrl) return undefined;
    const path = new URL(url).pathname.slice(servicePath.length - '/cds-services'.length);
    const response = await fetch(options.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path }),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok || !isRecord(body) || typeof body.token !== 'string') {
      throw new ServiceCallError(`The workbench could not sign a token (HTTP ${response.status})`);
    }
    return body.token;
  }

  async function exchange(label: string, url: string, requestBody?: unknown): Promise<Exchange> {
    const method = requestBody === undefined ? 'GET' : 'POST';
    const token = await tokenFor(url);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (requestBody !== undefined) headers['Content-Type'] = 'application/json';
    const at = new Date().toISOString();
    const started = performance.now();
    let result: Exchange;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: requestBody === undefined ? undefined : JSON.stringify(requestBody),
      });
      const text = await response.text();
      let responseBody: unknown = text;
      try {
        responseBody = JSON.parse(text);
      } catch {
        // Shown as text: the inspector is for seeing exactly what came back.
      }
      const elapsedMs = performance.now() - started;
      result = { label, method, url, requestBody, status: response.status, responseBody, elapsedMs, at };
    } catch (error) {
      result = {
        label,
        method,
        url,
        requestBody,
        error: (error as Error).message,
        elapsedMs: performance.now() - started,
        at,
      };
    }
    const described = token ? { ...result, authorization: describeJwt(token) } : result;
    options.onExchange(described);
    return described;
  }

  function requireOk(result: Exchange): void {
    if (result.status !== undefined && result.status >= 200 && result.status < 300) return;
    const why = result.error ?? outcomeText(result.responseBody) ?? '';
    throw new ServiceCallError(
      `${result.label}: ${result.status ? `HTTP ${result.status}` : 'no response'} ${why}`.trim(),
    );
  }

  const serviceUrl = (id: string, suffix = '') => `${options.serviceBase}/${encodeURIComponent(id)}${suffix}`;

  return {
    async discover() {
      const result = await exchange('discovery', options.serviceBase);
      requireOk(result);
      return readDiscovery(result.responseBody);
    },
    async callHook(serviceId, request) {
      const result = await exchange(`${request.hook} → ${serviceId}`, serviceUrl(serviceId), request);
      requireOk(result);
      return { cards: readCards(result.responseBody), exchange: result };
    },
    async sendFeedback(serviceId, feedback) {
      const result = await exchange(`feedback → ${serviceId}`, serviceUrl(serviceId, '/feedback'), {
        feedback,
      });
      requireOk(result);
      return result;
    },
  };
}
