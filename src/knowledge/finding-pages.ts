import { join } from 'node:path';
import { readJson } from './read-checked-json.js';

/** The static page content of one finding kind (fhir-profiles/pages/finding-kinds.json). */
export interface FindingPage {
  /** Why the rule exists: the long explanation that cards no longer carry. */
  readonly description: string;
  /** One or two sentences shown on the card, unless the finding carries its own `action` (a variant's advice). */
  readonly whatToDo: string;
  /** Keys of RULE_THRESHOLDS (src/rules/rule-constants.ts) the rule uses. */
  readonly thresholds: readonly string[];
  /** Configuration variables the rule reads. */
  readonly configuration?: readonly string[];
  /** Names of the value sets (`ValueSet/<name>`) the rule reads. */
  readonly valueSets: readonly string[];
  /** Keys of the rules' GuidelineLinks or the billing references: the page's sources. */
  readonly references: readonly string[];
  /** `finding`: the card shows the finding's own text (billing codes) instead of `whatToDo`. */
  readonly cardDetail?: 'finding';
}

export const FINDING_PAGES_FILE = join('pages', 'finding-kinds.json');

const schema = {
  type: 'object',
  required: ['kinds'],
  properties: {
    thresholdLabels: { type: 'object', additionalProperties: { type: 'string' } },
    kinds: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['description', 'whatToDo', 'thresholds', 'valueSets', 'references'],
        properties: {
          description: { type: 'string', minLength: 20 },
          whatToDo: { type: 'string', minLength: 10, maxLength: 300 },
          thresholds: { type: 'array', items: { type: 'string' } },
          configuration: { type: 'array', items: { type: 'string' } },
          valueSets: { type: 'array', items: { type: 'string' } },
          references: { type: 'array', items: { type: 'string' } },
          cardDetail: { const: 'finding' },
        },
      },
    },
  },
} as const;

export interface FindingPages {
  readonly kinds: ReadonlyMap<string, FindingPage>;
  /** Words for each RULE_THRESHOLDS key; a key without words is shown as it is. */
  readonly thresholdLabels: Readonly<Record<string, string>>;
}

export function loadFindingPages(knowledgeDir: string): FindingPages {
  const path = join(knowledgeDir, FINDING_PAGES_FILE);
  const value = readJson<{
    kinds: Record<string, FindingPage>;
    thresholdLabels?: Record<string, string>;
  }>(path, schema, 'pages');
  return { kinds: new Map(Object.entries(value.kinds)), thresholdLabels: value.thresholdLabels ?? {} };
}
