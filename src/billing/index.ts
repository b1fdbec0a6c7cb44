export { BILLING_CODES_KIND, findBillingCodes } from './find-billing-codes.js';
export { BillingKnowledge, CodingExtension } from './billing-knowledge.js';
