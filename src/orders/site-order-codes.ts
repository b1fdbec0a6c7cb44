import { readFileSync } from 'node:fs';
import type { ConceptMap, ValueSetComposeInclude } from 'fhir/r4.js';
import { StartupError } from '../errors.js';
import { codeSystemUrl } from '../knowledge/canonical.js';
import { OrderValueSets } from './order-value-sets.js';
import type { OrderKind } from './recognised-order.js';

/** The CodeSystem the site map's targets are drawn from (fhir-profiles/CodeSystem-order-kind.json). */
export const ORDER_KIND_SYSTEM = codeSystemUrl('order-kind');

const VALUE_SET_OF_KIND: Record<OrderKind, string> = {
  hsg: OrderValueSets.hsgOrder,
  'selective-salpingography': OrderValueSets.selectiveSalpingographyOrder,
  sis: OrderValueSets.sisOrder,
};

const isOrderKind = (code: unknown): code is OrderKind =>
  typeof code === 'string' && Object.hasOwn(VALUE_SET_OF_KIND, code);

/** A site's own order codes, as extra includes of the order value sets (keyed by value-set URL). */
export interface SiteOrderCodes {
  readonly supplements: ReadonlyMap<string, readonly ValueSetComposeInclude[]>;
  /** How many site codes were mapped, for the start-up log. */
  readonly codeCount: number;
}

class SiteMapError extends Error {}

function fail(where: string, what: string): never {
  throw new SiteMapError(`${where} ${what}`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/**
 * Reads the integrator's ConceptMap: each `group` maps codes of one site code system (`group.source`,
 * e.g. an Epic procedure-record OID or an Oracle `…/codeSet/200`) to the order kinds of
 * CodeSystem order-kind (`group.target`). Anything else is refused, naming where.
 */
export function parseSiteOrderCodes(raw: unknown): SiteOrderCodes {
  if (!isObject(raw) || raw.resourceType !== 'ConceptMap') fail('(root)', 'must be a FHIR ConceptMap');
  const map = raw as unknown as ConceptMap;
  if (!Array.isArray(map.group) || map.group.length === 0) fail('group', 'must list at least one group');
  const byKind = new Map<OrderKind, Map<string, string[]>>();
  const seen = new Set<string>();
  let codeCount = 0;
  map.group.forEach((group, g) => {
    const at = `group[${g}]`;
    if (!isObject(group)) fail(at, 'must be an object');
    if (!nonEmptyString(group.source)) fail(`${at}.source`, 'must name the site code system');
    if (group.target !== ORDER_KIND_SYSTEM) fail(`${at}.target`, `must be ${ORDER_KIND_SYSTEM}`);
    if (!Array.isArray(group.element) || group.element.length === 0)
      fail(`${at}.element`, 'must list at least one code');
    group.element.forEach((element, e) => {
      const where = `${at}.element[${e}]`;
      if (!isObject(element) || !nonEmptyString(element.code)) fail(`${where}.code`, 'is required');
      const targets = Array.isArray(element.target) ? element.target : [];
      if (targets.length !== 1) fail(`${where}.target`, 'must have exactly one order kind');
      const kind: unknown = targets[0]?.code;
      if (!isOrderKind(kind))
        fail(`${where}.target[0].code`, `must be one of ${Object.keys(VALUE_SET_OF_KIND).join(', ')}`);
      const key = `${group.source}|${element.code.trim()}`;
      if (seen.has(key)) fail(`${where}.code`, `maps ${key} a second time`);
      seen.add(key);
      const bySystem = byKind.get(kind) ?? new Map<string, string[]>();
      byKind.set(kind, bySystem);
      const codes = bySystem.get(group.source!) ?? [];
      bySystem.set(group.source!, codes);
      codes.push(element.code.trim());
      codeCount += 1;
    });
  });
  const supplements = new Map<string, ValueSetComposeInclude[]>();
  for (const [kind, bySystem] of byKind) {
    supplements.set(
      VALUE_SET_OF_KIND[kind],
      [...bySystem].map(([system, codes]) => ({ system, concept: codes.map((code) => ({ code })) })),
    );
  }
  return { supplements, codeCount };
}

/** Reads and checks the file named by SITE_ORDER_CODES; a bad file stops start-up naming the variable. */
export function loadSiteOrderCodes(
  path: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): SiteOrderCodes {
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(path));
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).split('\n')[0];
    throw new StartupError(`SITE_ORDER_CODES file ${path} cannot be read as JSON: ${reason}`);
  }
  try {
    return parseSiteOrderCodes(raw);
  } catch (error) {
    if (error instanceof SiteMapError)
      throw new StartupError(`SITE_ORDER_CODES file ${path} is invalid: ${error.message}`);
    throw error;
  }
}
