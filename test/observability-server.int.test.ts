import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../src/project-root.js';
import { loadConfig } from '../src/config/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { bundleForNode } from './support/bundle-for-node.js';
import { expectValidResponse, hookRequest, hsgOrder } from './support/cds-requests.js';

function baseUrl(server: RunningServer['server'] | undefined): string {
  if (!server) throw new Error('server not started');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function start(env: Record<string, string>): Promise<RunningServer> {
  return startServer(loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', ...env }));
}

function readBody(res: IncomingMessage): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    res.on('error', reject);
  });
}

describe('the running server', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsg-server-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('METRICS_PORT serves /metrics (with process metrics) on its own port, and only there', async () => {
    const running = await start({ FEEDBACK_DB: ':memory:', METRICS_PORT: '0' });
    try {
      const service = baseUrl(running.server);
      const metrics = baseUrl(running.metricsServer);
      expect(metrics).not.toBe(service);
      const call = await fetch(`${service}/cds-services/hsg-order-sign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(hookRequest('order-sign', [hsgOrder()])),
      });
      expect(call.status).toBe(200);
      expect((await fetch(`${service}/metrics`)).status).toBe(404);
      expect((await fetch(`${metrics}/healthz`)).status).toBe(404);
      const scrape = await fetch(`${metrics}/metrics`);
      expect(scrape.status).toBe(200);
      const text = await scrape.text();
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
      expect(text).toMatch(
        /^hsg_cds_request_duration_seconds_count\{service="hsg-order-sign",kind="hook",status="200"\} 1$/m,
      );
    } finally {
      await running.stop();
    }
  });

  it('stop(): refuses new connections, finishes the in-flight call, then closes the feedback database', async () => {
    const db = join(dir, 'feedback.sqlite');
    const running = await start({ FEEDBACK_DB: db });
    const base = baseUrl(running.server);
    expect(existsSync(`${db}-wal`)).toBe(true);
    // A real slow call: the client sends the headers and part of the body, the rest only after stop().
    const body = JSON.stringify(hookRequest('order-sign', [hsgOrder()]));
    const received = new Promise<void>((resolve) => running.server.once('request', () => resolve()));
    const req = httpRequest(`${base}/cds-services/hsg-order-sign`, {
      method: 'POST',
      agent: new Agent({ keepAlive: true }),
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    });
    const responded = new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    req.write(body.slice(0, 100));
    await received;

    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    const refused = await fetch(`${base}/healthz`).catch((error: { cause?: { code?: string } }) => error);
    expect((refused as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    expect(stopped).toBe(false);

    req.end(body.slice(100));
    const res = await readBody(await responded);
    expect(res.status).toBe(200);
    expect(res.connection).toBe('close');
    const cards = (JSON.parse(res.body) as { cards: unknown[] }).cards;
    expectValidResponse({ cards });
    expect(cards.length).toBeGreaterThan(0);

    await stopping;
    // Closing the last connection checkpoints and removes the write-ahead log.
    expect(existsSync(`${db}-wal`)).toBe(false);
    const reopened = new Database(db, { readonly: true });
    const issued = reopened.prepare('SELECT count(*) AS n FROM issued_card').get() as { n: number };
    reopened.close();
    expect(issued.n).toBe(cards.length);
    await running.stop(); // idempotent
  });

  it('as a process: JSON log lines on stdout, and SIGTERM ends it cleanly with exit code 0', async () => {
    const entry = join(projectRoot(), 'test', 'artifacts', `server-${process.pid}`, 'main.mjs');
    await bundleForNode(join(projectRoot(), 'src', 'main.ts'), entry);
    const child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        PORT: '0',
        HOST: '127.0.0.1',
        FEEDBACK_DB: join(dir, 'process.sqlite'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const raw: string[] = [];
    const exited = once(child, 'exit');
    const listening = new Promise<number>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        raw.push(line);
        const port = /"port":(\d+)/.exec(line)?.[1];
        if (port) resolve(Number(port));
      });
    });
    try {
      const base = `http://127.0.0.1:${await listening}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const call = await fetch(`${base}/cds-services/hsg-order-sign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(hookRequest('order-sign', [hsgOrder()])),
      });
      expect(call.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await exited) as [number | null];
    rmSync(dirname(entry), { recursive: true, force: true });
    expect(code).toBe(0);
    // Every stdout line is a JSON object (pino), so `npm start | pino-pretty` and log shippers read them.
    const lines = raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    const messages = lines.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['hook call', 'stopped']));
    expect(messages.indexOf('hook call')).toBeLessThan(messages.indexOf('stopped'));
    for (const line of lines) expect(line).toMatchObject({ service: 'hsg-cds', level: expect.any(Number) });
  });
});
