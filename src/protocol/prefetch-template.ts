import type { OrderContext } from './cds-types.js';

const TOKEN = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/**
 * Renders a CDS Hooks 2.0 prefetch template for a hook context: `{{context.patientId}}`,
 * `{{context.userId}}`, `{{context.encounterId}}` and the `{{userXxxId}}` tokens, URL-encoded.
 * Returns undefined when a token has no value in this context (the key cannot be fetched).
 */
export function renderPrefetchTemplate(template: string, context: Partial<OrderContext>): string | undefined {
  const userId = typeof context.userId === 'string' ? context.userId : undefined;
  const [userType, userBareId] = userId?.split('/') ?? [];
  const values: Record<string, string | undefined> = {
    'context.patientId': context.patientId,
    'context.userId': userId,
    'context.encounterId': context.encounterId,
    userPractitionerId: userType === 'Practitioner' ? userBareId : undefined,
    userPractitionerRoleId: userType === 'PractitionerRole' ? userBareId : undefined,
    userPatientId: userType === 'Patient' ? userBareId : undefined,
    userRelatedPersonId: userType === 'RelatedPerson' ? userBareId : undefined,
  };
  let missing = false;
  const rendered = template.replace(TOKEN, (_match, token: string) => {
    const value = values[token];
    if (typeof value !== 'string' || value === '') {
      missing = true;
      return '';
    }
    // context.userId is itself a relative reference (Practitioner/abc): keep its slash.
    return token === 'context.userId'
      ? value.split('/').map(encodeURIComponent).join('/')
      : encodeURIComponent(value);
  });
  return missing ? undefined : rendered;
}
