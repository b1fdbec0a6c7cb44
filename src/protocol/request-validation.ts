import type { ErrorObject } from 'ajv';
import { InvalidRequestError } from '../errors.js';
import type { CdsFeedbackItem, CdsRequest, HookName } from './cds-types.js';
import { normaliseOverrideReason, type ReceivedFeedbackItem } from './epic-override-reasons.js';
import { compileSchema, describeError, errorLocation } from './schemas.js';

const validateHookRequest = compileSchema<CdsRequest>('hook-request.schema.json');
const validateFeedbackRequest = compileSchema<{ feedback: ReceivedFeedbackItem[] } | ReceivedFeedbackItem>(
  'feedback-request.schema.json',
);

function rejectWith(errors: readonly ErrorObject[] | null | undefined, what: string): never {
  // oneOf failures report every branch; the most specific error is the deepest one.
  const error = [...(errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (!error) throw new InvalidRequestError(`The ${what} is invalid`);
  throw new InvalidRequestError(`Invalid ${what}: ${describeError(error)}`, [errorLocation(error)]);
}

/**
 * Checks a hook call body against the published schema and the rules the schema cannot say.
 * Unknown members are ignored; the body is not modified.
 */
export function validateServiceRequest(body: unknown, expectedHook: HookName): CdsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('The request body must be a JSON object', ['(body)']);
  }
  if (!validateHookRequest(body)) rejectWith(validateHookRequest.errors, 'CDS Hooks request');
  const request = body;
  if (request.hook !== expectedHook) {
    throw new InvalidRequestError(
      `This service answers the '${expectedHook}' hook, but the request is for '${request.hook}'`,
      ['hook'],
      'CDS-WRONG-HOOK',
    );
  }
  if (request.fhirAuthorization && !request.fhirServer) {
    throw new InvalidRequestError('fhirServer is required when fhirAuthorization is present', ['fhirServer']);
  }
  const tokenPatient = request.fhirAuthorization?.patient;
  if (tokenPatient !== undefined && tokenPatient !== request.context.patientId) {
    throw new InvalidRequestError(
      'fhirAuthorization.patient names a different patient than context.patientId',
      ['fhirAuthorization.patient'],
      'CDS-PATIENT-MISMATCH',
    );
  }
  if (request.fhirServer !== undefined && !URL.canParse(request.fhirServer)) {
    throw new InvalidRequestError('fhirServer must be an absolute URL', ['fhirServer']);
  }
  return request;
}

/**
 * Accepts `{"feedback": [...]}` and the single-object form older clients send; returns the items, with
 * Epic's `overrideReasons` read as the spec's `overrideReason`.
 */
export function validateFeedback(body: unknown): CdsFeedbackItem[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('The feedback body must be a JSON object', ['(body)']);
  }
  if (!validateFeedbackRequest(body)) rejectWith(validateFeedbackRequest.errors, 'feedback');
  return ('feedback' in body ? body.feedback : [body]).map(normaliseOverrideReason);
}
