import type { OperationOutcome } from 'fhir/r4.js';

/** A failure the service reports to its caller: it carries the HTTP status and a stable code. */
export class CdsServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** FHIRPath-like locations of what was wrong (e.g. `context.patientId`). */
    readonly locations: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends CdsServiceError {
  constructor(message: string, locations: readonly string[] = [], code = 'CDS-INVALID-REQUEST') {
    super(400, code, message, locations);
  }
}

export class UnknownServiceError extends CdsServiceError {
  constructor(id: string) {
    super(404, 'CDS-UNKNOWN-SERVICE', `No CDS service is registered with id '${id}'`, ['id']);
  }
}

/** CDS Hooks 2.0: required data could not be obtained from prefetch or the FHIR server. */
export class PrefetchUnavailableError extends CdsServiceError {
  constructor(message: string, locations: readonly string[] = []) {
    super(412, 'CDS-PREFETCH-UNAVAILABLE', message, locations);
  }
}

export class ForbiddenFhirServerError extends CdsServiceError {
  constructor(message: string) {
    super(403, 'CDS-FHIR-SERVER-FORBIDDEN', message, ['fhirServer']);
  }
}

/** Start-up only: the process exits with this message. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

const issueCodeByStatus: Record<number, NonNullable<OperationOutcome['issue'][number]['code']>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  412: 'incomplete',
  413: 'too-long',
  415: 'not-supported',
  429: 'throttled',
  500: 'exception',
  503: 'transient',
};

/** Builds the OperationOutcome body for an error response; never includes payloads or stack traces. */
export function buildOperationOutcome(
  status: number,
  message: string,
  locations: readonly string[] = [],
  errorCode?: string,
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: status >= 500 ? 'fatal' : 'error',
        code: issueCodeByStatus[status] ?? (status >= 500 ? 'exception' : 'processing'),
        diagnostics: message,
        ...(errorCode ? { details: { coding: [{ system: ERROR_CODE_SYSTEM, code: errorCode }] } } : {}),
        ...(locations.length > 0 ? { expression: [...locations] } : {}),
      },
    ],
  };
}

export const ERROR_CODE_SYSTEM = 'http://hsg-cds.org/fhir/CodeSystem/error-code';
