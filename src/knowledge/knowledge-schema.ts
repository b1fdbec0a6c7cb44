/**
 * The subset of FHIR R4 that knowledge files must satisfy, checked at start-up. Every knowledge
 * resource is published (canonical url, version, status, publisher) and says where it comes from
 * (description).
 */
const coding = {
  type: 'object',
  required: ['code'],
  properties: { system: { type: 'string', minLength: 1 }, code: { type: 'string', minLength: 1 } },
};

const published = {
  url: { type: 'string', pattern: '^(https?|urn):' },
  version: { type: 'string', minLength: 1 },
  name: { type: 'string', pattern: '^[A-Z][A-Za-z0-9_]*$' },
  status: { enum: ['draft', 'active', 'retired', 'unknown'] },
  publisher: { type: 'string', minLength: 1 },
  description: { type: 'string', minLength: 20 },
};
const publishedRequired = ['url', 'version', 'name', 'status', 'publisher', 'description'];

const include = {
  type: 'object',
  properties: {
    system: { type: 'string', minLength: 1 },
    concept: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 1 } } },
    },
    filter: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['property', 'op', 'value'],
        properties: {
          property: { type: 'string' },
          op: { type: 'string' },
          value: { type: 'string', minLength: 1 },
        },
      },
    },
    valueSet: { type: 'array', items: { type: 'string' } },
  },
};

const concept: Record<string, unknown> = {
  type: 'object',
  required: ['code', 'display'],
  properties: {
    code: { type: 'string', pattern: '^[^\\s]+$' },
    display: { type: 'string', minLength: 1 },
    concept: { type: 'array', items: { $ref: '#/definitions/concept' } },
  },
};

export const knowledgeResourceSchema = {
  definitions: { concept },
  type: 'object',
  required: ['resourceType'],
  oneOf: [
    {
      properties: {
        resourceType: { const: 'ValueSet' },
        ...published,
        compose: {
          type: 'object',
          required: ['include'],
          properties: {
            include: { type: 'array', minItems: 1, items: include },
            exclude: { type: 'array', items: include },
          },
        },
      },
      required: [...publishedRequired, 'compose'],
    },
    {
      properties: {
        resourceType: { const: 'CodeSystem' },
        ...published,
        content: { enum: ['complete', 'fragment', 'example', 'not-present', 'supplement'] },
        concept: { type: 'array', minItems: 1, items: { $ref: '#/definitions/concept' } },
      },
      required: [...publishedRequired, 'content', 'concept'],
    },
    {
      properties: {
        resourceType: { const: 'ConceptMap' },
        ...published,
        group: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['element'],
            properties: {
              element: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['code'],
                  properties: {
                    target: { type: 'array', items: { type: 'object', required: ['equivalence'] } },
                  },
                },
              },
            },
          },
        },
      },
      required: [...publishedRequired, 'group'],
    },
    {
      properties: {
        resourceType: { const: 'ActivityDefinition' },
        ...published,
        kind: { enum: ['ServiceRequest', 'MedicationRequest'] },
        code: {
          type: 'object',
          required: ['coding'],
          properties: { coding: { type: 'array', minItems: 1, items: coding } },
        },
      },
      required: [...publishedRequired, 'kind'],
    },
    {
      properties: {
        resourceType: { const: 'NamingSystem' },
        name: { type: 'string' },
        status: { type: 'string' },
        kind: { const: 'codesystem' },
        description: { type: 'string', minLength: 20 },
        uniqueId: {
          type: 'array',
          minItems: 2,
          items: { type: 'object', required: ['type', 'value'], properties: { type: { type: 'string' } } },
        },
      },
      required: ['name', 'status', 'kind', 'uniqueId', 'description'],
    },
  ],
} as const;
