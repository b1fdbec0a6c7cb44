/** What `GET /workbench/config.json` tells the page. */
export interface WorkbenchClientConfig {
  /** The FHIR server offered when the page URL names none (`?fhirServer=`). */
  readonly defaultFhirServer: string;
  /** True when the CDS endpoints require a client JWT. */
  readonly authEnabled: boolean;
  /** True when `POST /workbench/token` signs sandbox-style JWTs (development with CDS_TRUST_SANDBOX=true). */
  readonly canSignTokens: boolean;
  /** `context.userId` of every hook call. */
  readonly userId: string;
}

export const WORKBENCH_USER_ID = 'Practitioner/workbench-clinician';

/** The paths a workbench token may be signed for: discovery, a service, or a service's feedback. */
export const TOKEN_PATH = /^\/cds-services(?:\/[A-Za-z0-9][A-Za-z0-9._-]*(?:\/feedback)?)?$/;
