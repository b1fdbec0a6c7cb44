import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { BillingKnowledge, BillingSystems, ConcentrationBand } from './billing-knowledge.js';
import { dependsOnNumber, productValue, requireConceptMap, translateCode } from './concept-map.js';

const knowledge = loadKnowledge();

describe('billing knowledge in fhir-profiles/', () => {
  it.each(['hsg', 'selective-salpingography', 'sis'])(
    '%s maps to a CPT pair whose components are known',
    (kind) => {
      const targets = translateCode(
        requireConceptMap(knowledge, BillingKnowledge.procedureCodes),
        BillingSystems.orderKind,
        kind,
      );
      expect(targets).toHaveLength(2);
      for (const { system, target } of targets) {
        expect(system).toBe(BillingSystems.cpt);
        expect(
          knowledge.display(BillingSystems.component, productValue(target, BillingSystems.component) ?? ''),
        ).toBeDefined();
      }
      expect(knowledge.display(BillingSystems.orderKind, kind)).toBeDefined();
    },
  );

  it('maps every billing setting to a modifier entry', () => {
    const map = requireConceptMap(knowledge, BillingKnowledge.settingModifier);
    for (const setting of ['office', 'facility', 'technical-only']) {
      expect(translateCode(map, BillingSystems.setting, setting)).toHaveLength(1);
    }
  });

  it('maps every place of service and location type to a billing setting', () => {
    const map = requireConceptMap(knowledge, BillingKnowledge.placeOfService);
    for (const group of map.group ?? []) {
      expect(group.target).toBe(BillingSystems.setting);
      for (const element of group.element) {
        expect(
          element.target?.map((t) => knowledge.display(BillingSystems.setting, t.code ?? '')),
        ).not.toContain(undefined);
      }
    }
  });

  it('has contiguous, non-overlapping concentration bands for water-soluble contrast', () => {
    const targets = translateCode(
      requireConceptMap(knowledge, BillingKnowledge.contrastSupply),
      BillingSystems.contrastKind,
      'water-soluble',
    );
    const bands = targets.map(({ target }) => [
      dependsOnNumber(target, ConcentrationBand.min),
      dependsOnNumber(target, ConcentrationBand.max),
    ]);
    expect(bands).toEqual([
      [100, 199],
      [200, 299],
      [300, 399],
      [400, undefined],
    ]);
  });

  it('has a supply entry for every contrast kind', () => {
    const map = requireConceptMap(knowledge, BillingKnowledge.contrastSupply);
    for (const kind of ['water-soluble', 'oil-based', 'unspecified']) {
      expect(translateCode(map, BillingSystems.contrastKind, kind).length).toBeGreaterThan(0);
      expect(knowledge.display(BillingSystems.contrastKind, kind)).toBeDefined();
    }
  });

  it.each([
    ['N97.1', true],
    ['N971', true],
    ['n97.9', true],
    ['N97.3', false],
    ['Q51.3', true],
    ['Q51.810', true],
    ['Q51.0', false],
    ['D25.0', true],
    ['O26.21', false],
    ['Z98.51', true],
  ])('hsg-indication: ICD-10-CM %s → %s', (code, member) => {
    expect(
      knowledge.valueSets.has(BillingKnowledge.indication, { system: BillingSystems.icd10cm, code }),
    ).toBe(member);
  });
});
