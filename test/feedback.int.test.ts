import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { openSqliteFeedbackStore } from '../src/feedback/sqlite-feedback-store.js';
import { createTestApp } from './support/create-test-app.js';
import { expectOperationOutcome, hookRequest, hsgOrder, readFixture } from './support/cds-requests.js';

const FEEDBACK = '/cds-services/hsg-order-sign/feedback';

describe('POST /cds-services/{id}/feedback', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsg-feedback-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores feedback durably in SQLite: still there after the app is closed and reopened', async () => {
    const file = join(dir, 'durable.sqlite');
    const first = createTestApp({ store: openSqliteFeedbackStore(file) });
    const hook = await request(first.app)
      .post('/cds-services/hsg-order-sign')
      .send(hookRequest('order-sign', [hsgOrder()]));
    const card = hook.body.cards[0];
    const res = await request(first.app)
      .post(FEEDBACK)
      .send({
        feedback: [
          {
            card: card.uuid,
            outcome: 'overridden',
            overrideReason: {
              reason: {
                system: 'http://hsg-cds.org/fhir/CodeSystem/override-reason',
                code: 'benefit-outweighs-risk',
                display: 'Benefit outweighs risk',
              },
              userComment: 'Patient named Jane Doe said so',
            },
            outcomeTimestamp: '2026-11-28T10:00:00Z',
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 1 });
    await first.store.close();

    const reopened = openSqliteFeedbackStore(file);
    const rows = await reopened.listFeedback();
    expect(rows).toEqual([
      expect.objectContaining({
        cardUuid: card.uuid,
        outcome: 'overridden',
        topic: card.source.topic.code,
        overrideReasonCode: 'benefit-outweighs-risk',
      }),
    ]);
    // Free-text comments may hold patient details: only their presence is kept.
    expect(JSON.stringify(rows)).not.toContain('Jane Doe');
    await reopened.close();
  });

  it('accepts the spec examples, the AHRQ batches and the single-object form; repeats are stored once', async () => {
    const { app, store } = createTestApp();
    const bodies = [
      readFixture('hl7-cds-hooks-spec/feedback-suggestion-accepted.json'),
      readFixture('hl7-cds-hooks-spec/feedback-overridden-without-reason.json'),
      readFixture('hl7-cds-hooks-spec/feedback-overridden-with-reason.json'),
      readFixture('ahrq-cql-services/feedback.json'),
      readFixture('ahrq-cql-services/feedbackFor2.json'),
    ];
    for (const body of bodies) expect((await request(app).post(FEEDBACK).send(body)).status).toBe(200);
    const total = (await store.listFeedback()).length;
    // Sending everything again changes nothing (idempotent), and the unknown card uuids were accepted.
    for (const body of bodies) await request(app).post(FEEDBACK).send(body);
    expect(await store.listFeedback()).toHaveLength(total);
    const single = { card: 'c-1', outcome: 'overridden', outcomeTimestamp: '2026-11-28T10:00:00Z' };
    expect((await request(app).post(FEEDBACK).send(single)).body).toEqual({ stored: 1 });
  });

  it.each([
    [
      'no card',
      {
        feedback: [
          {
            outcome: 'accepted',
            acceptedSuggestions: [{ id: 's' }],
            outcomeTimestamp: '2026-11-28T10:00:00Z',
          },
        ],
      },
      'feedback[0].card',
    ],
    [
      'an unknown outcome',
      { feedback: [{ card: 'c', outcome: 'ignored', outcomeTimestamp: '2026-11-28T10:00:00Z' }] },
      'feedback[0].outcome',
    ],
    [
      'accepted without acceptedSuggestions',
      { feedback: [{ card: 'c', outcome: 'accepted', outcomeTimestamp: '2026-11-28T10:00:00Z' }] },
      'feedback[0].acceptedSuggestions',
    ],
    [
      'a timestamp that is not a date-time',
      { feedback: [{ card: 'c', outcome: 'overridden', outcomeTimestamp: 'yesterday' }] },
      'feedback[0].outcomeTimestamp',
    ],
    ['an empty list', { feedback: [] }, 'feedback'],
  ])('%s → 400 naming %s', async (_name, body, location) => {
    const { app } = createTestApp();
    const res = await request(app).post(FEEDBACK).send(body);
    expect(res.status).toBe(400);
    expectOperationOutcome(res.body);
    expect(res.body.issue[0].expression).toEqual([location]);
  });
});
