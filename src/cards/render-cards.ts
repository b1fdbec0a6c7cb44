import type { Knowledge } from '../knowledge/knowledge.js';
import { FHIR_ID_PATTERN } from '../fhir/read-elements.js';
import { FINDING_KIND_SYSTEM, OVERRIDE_REASON_SYSTEM } from '../knowledge/canonical.js';
import type { CdsAction, CdsCard, CdsCoding } from '../protocol/cds-types.js';
import { SEVERITY_RANK, type Evidence, type Finding, type SuggestionIntent } from '../rules/types.js';
import { applyActivityDefinition } from './apply-activity-definition.js';
import { buildCard, type SuggestionSpec } from './card-builder.js';
import { cleanResource } from './clean-resource.js';
import { escapeMarkdown } from './markdown.js';

export interface RenderContext {
  readonly knowledge: Knowledge;
  readonly patientId: string;
  readonly now: Date;
  /**
   * The externally visible base URL of the service (PUBLIC_BASE_URL): each card's `source.url` and its
   * detail link point at the topic's `/knowledge` page under it. Without it cards carry no page link.
   */
  readonly publicBaseUrl?: string;
}

/** Card extension keys (reverse-DNS, CDS Hooks §Extensions); documented in the README. */
export const CARD_EXTENSION = {
  order: 'org.hsg-cds.order',
  codes: 'org.hsg-cds.codes',
  /** The knowledge release the card was made with (`fhir-profiles/release/`), for feedback and incidents. */
  knowledgeVersion: 'org.hsg-cds.knowledge-version',
} as const;

export const SOURCE_LABEL = 'HSG order screening (hsg-cds)';

function evidenceLine(e: Evidence): string {
  const date = e.date ? ` (${escapeMarkdown(e.date.slice(0, 10))})` : '';
  return `- ${escapeMarkdown(e.resourceType)}: ${escapeMarkdown(e.description)}${date}`;
}

/**
 * Short on purpose: the order, what was found, what to do and the link to the topic's page, which holds
 * the rule, its thresholds and its sources. References are the card's links, not repeated here.
 */
function renderDetail(finding: Finding, knowledge: Knowledge, pageUrl: string | undefined): string {
  const page = knowledge.findingPages.get(finding.kind);
  const parts = [`**Order:** ${escapeMarkdown(finding.order.label)} (\`${finding.order.reference}\`)`];
  if (finding.evidence.length > 0)
    parts.push(`**Found in the record:**\n\n${finding.evidence.map(evidenceLine).join('\n')}`);
  // A page may say the finding's own text is the card's content (billing: the codes of this order).
  if (!page || page.cardDetail === 'finding') parts.push(finding.explanation.trim());
  // The finding's own action when its variant's advice differs from the kind's (stale record, treated infection...).
  else parts.push(`**What to do:** ${escapeMarkdown(finding.action ?? page.whatToDo)}`);
  if (pageUrl) parts.push(`[Why this card: the rule, its thresholds and sources](${pageUrl})`);
  return parts.filter(Boolean).join('\n\n');
}

/** `PUBLIC_BASE_URL/knowledge/findings/<kind>`: the page a card's `source.url` names. */
export function findingPageUrl(publicBaseUrl: string, kind: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/knowledge/findings/${encodeURIComponent(kind)}`;
}

function renderActions(intent: SuggestionIntent, finding: Finding, context: RenderContext): CdsAction[] {
  const order = finding.order;
  const fromDefinition = (url: string) => {
    const definition = context.knowledge.activityDefinitions.get(url);
    if (!definition) throw new Error(`Unknown ActivityDefinition ${url}`);
    return {
      definition,
      resource: applyActivityDefinition(definition, {
        patientId: context.patientId,
        now: context.now,
        order,
      }),
    };
  };
  switch (intent.kind) {
    case 'cancel-order':
      return [
        { type: 'delete', description: `Remove the draft order ${order.label}`, resourceId: order.reference },
      ];
    case 'replace-order': {
      const { definition, resource } = fromDefinition(intent.activityDefinition);
      return [
        { type: 'delete', description: `Remove the draft order ${order.label}`, resourceId: order.reference },
        { type: 'create', description: `Order ${definition.title ?? definition.name}`, resource },
      ];
    }
    case 'create-order': {
      const { definition, resource } = fromDefinition(intent.activityDefinition);
      return [{ type: 'create', description: `Order ${definition.title ?? definition.name}`, resource }];
    }
    case 'update-order':
      return [
        { type: 'update', description: `Update the draft order ${order.label}`, resource: intent.resource },
      ];
  }
}

/** Actions may only name draft orders the EHR can resolve: a resource type and a FHIR id. */
const FHIR_REFERENCE = new RegExp(`^[A-Za-z]+/${FHIR_ID_PATTERN}$`);

function isUsable(action: CdsAction): boolean {
  if (action.type === 'delete')
    return typeof action.resourceId === 'string' && FHIR_REFERENCE.test(action.resourceId);
  if (!action.resource) return false;
  return (
    action.type !== 'update' ||
    FHIR_REFERENCE.test(`${action.resource.resourceType}/${String(action.resource.id)}`)
  );
}

/**
 * Resources copied from the request keep the response's no-empty rule; unusable ones drop the
 * suggestion, as does an action on a draft order whose id is not a valid FHIR id.
 */
function withCleanResources(actions: CdsAction[]): CdsAction[] | undefined {
  const cleaned = actions.map((action) =>
    action.resource ? { ...action, resource: cleanResource(action.resource) } : action,
  );
  return cleaned.every(isUsable) ? cleaned : undefined;
}

function overrideReasonCodings(codes: readonly string[], knowledge: Knowledge): CdsCoding[] {
  return codes.map((code) => {
    const display = knowledge.display(OVERRIDE_REASON_SYSTEM, code);
    if (!display) throw new Error(`Unknown override reason ${code}`);
    return { system: OVERRIDE_REASON_SYSTEM, code, display };
  });
}

/** Turns findings into cards, most urgent first; the one place card text and actions are assembled. */
export function renderCards(findings: readonly Finding[], context: RenderContext): CdsCard[] {
  const ordered = [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.order.reference.localeCompare(b.order.reference) ||
      a.kind.localeCompare(b.kind),
  );
  return ordered.map((finding) => {
    const topicDisplay = context.knowledge.display(FINDING_KIND_SYSTEM, finding.kind);
    if (!topicDisplay) throw new Error(`Finding kind ${finding.kind} is not in the finding-kind CodeSystem`);
    const usable = finding.suggestions.flatMap((intent) => {
      const actions = withCleanResources(renderActions(intent, finding, context));
      return actions ? [{ label: intent.label, actions }] : [];
    });
    const suggestions: SuggestionSpec[] = usable.map((s, i) => ({
      ...s,
      ...(i === 0 && usable.length > 1 ? { isRecommended: true } : {}),
    }));
    const pageUrl = context.publicBaseUrl ? findingPageUrl(context.publicBaseUrl, finding.kind) : undefined;
    return buildCard({
      summary: finding.summary,
      indicator: finding.severity,
      detail: renderDetail(finding, context.knowledge, pageUrl),
      source: {
        label: SOURCE_LABEL,
        ...(pageUrl ? { url: pageUrl } : {}),
        topic: { system: FINDING_KIND_SYSTEM, code: finding.kind, display: topicDisplay },
      },
      suggestions,
      selectionBehavior: 'at-most-one',
      overrideReasons: overrideReasonCodings(finding.overrideReasons, context.knowledge),
      links: finding.references.map((r) => ({ label: r.label, url: r.url, type: 'absolute' as const })),
      extension: {
        [CARD_EXTENSION.order]: finding.order.reference,
        [CARD_EXTENSION.knowledgeVersion]: context.knowledge.release.version,
        ...(finding.codings?.length ? { [CARD_EXTENSION.codes]: finding.codings } : {}),
      },
    });
  });
}
