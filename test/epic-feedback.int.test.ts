import request from 'supertest';
import { summariseFeedback } from '../src/cli/summarise-feedback.js';
import type { CdsCard } from '../src/protocol/cds-types.js';
import { EPIC_REASON_CATEGORY_SYSTEM } from '../src/protocol/epic-override-reasons.js';
import { expectOperationOutcome, hookRequest, hsgOrder, readFixture } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';

const FEEDBACK = '/cds-services/hsg-order-sign/feedback';

describe('feedback as Epic sends it (overrideReasons, batched, non-UUID card ids)', () => {
  it('stores each item with its reason and counts it in the report like spec feedback', async () => {
    const { app, store } = createTestApp();
    const res = await request(app)
      .post(FEEDBACK)
      .send(readFixture('epic/feedback-batched-override-reasons.json'))
      .expect(200);
    expect(res.body).toEqual({ stored: 3 });
    const rows = await store.listFeedback();
    expect(rows.map((r) => [r.cardUuid, r.outcome, r.overrideReasonCode, r.overrideReasonDisplay])).toEqual([
      ['123456', 'overridden', 'benefit-outweighs-risk', 'Benefit outweighs risk'],
      ['123457', 'overridden', '3', 'Not clinically relevant'],
      ['123458', 'accepted', null, null],
    ]);
    const summary = summariseFeedback(rows);
    expect(summary.overrideReasons).toEqual([
      { code: '3', display: 'Not clinically relevant', count: 1 },
      { code: 'benefit-outweighs-risk', display: 'Benefit outweighs risk', count: 1 },
    ]);
    // The same batch again (Epic retries) stores nothing new.
    await request(app)
      .post(FEEDBACK)
      .send(readFixture('epic/feedback-batched-override-reasons.json'))
      .expect(200, {
        stored: 0,
      });
  });

  it('Epic feedback on an issued card is counted under its topic', async () => {
    const { app, store } = createTestApp();
    const hook = await request(app)
      .post('/cds-services/hsg-order-sign')
      .send(hookRequest('order-sign', [hsgOrder()]));
    const card = (hook.body as { cards: CdsCard[] }).cards[0]!;
    await request(app)
      .post(FEEDBACK)
      .send({
        feedback: [
          {
            card: card.uuid,
            outcome: 'overridden',
            overrideReasons: [
              { extension: { 'com.epic.cdshooks.feedback.overrideReason.reasonTitle': 'Already done' } },
            ],
            outcomeTimestamp: '2026-12-01T10:00:00Z',
          },
        ],
      })
      .expect(200, { stored: 1 });
    const [topic] = summariseFeedback(await store.listFeedback()).topics;
    expect(topic).toMatchObject({
      topic: card.source.topic?.code,
      overridden: 1,
      topReason: { code: 'Already done', display: 'Already done', count: 1 },
    });
    expect(EPIC_REASON_CATEGORY_SYSTEM).toBe('urn:com.epic.cdshooks.feedback.overrideReason.reasonCategory');
  });

  it('a malformed overrideReasons is a 400 OperationOutcome naming where', async () => {
    const { app } = createTestApp();
    const res = await request(app)
      .post(FEEDBACK)
      .send({
        card: '123456',
        outcome: 'overridden',
        overrideReasons: { reason: { system: 'urn:x' } },
        outcomeTimestamp: '2026-12-01T10:00:00Z',
      })
      .expect(400);
    expectOperationOutcome(res.body);
    expect(res.body.issue[0].expression[0]).toMatch(/overrideReasons/);
  });
});
