import { startMisbehavingServer, type MisbehavingServer } from '../../test/support/misbehaving-server.js';
import { startRecordingServer, type RecordingServer } from '../../test/support/recording-server.js';
import { getJsonBounded, OutboundRequestError } from './bounded-get.js';

const MiB = 1024 * 1024;

let server: MisbehavingServer;
let elsewhere: RecordingServer;
beforeAll(async () => {
  server = await startMisbehavingServer({ kind: 'json', body: {} });
  elsewhere = await startRecordingServer();
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

const get = (options: { maxBytes?: number; timeoutMs?: number } = {}) =>
  getJsonBounded(new URL(server.url), {
    headers: { authorization: 'Bearer secret' },
    maxBytes: options.maxBytes ?? MiB,
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });

async function failureOf(
  promise: Promise<unknown>,
): Promise<Pick<OutboundRequestError, 'failure' | 'status'>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OutboundRequestError) return { failure: error.failure, status: error.status };
    throw error;
  }
  throw new Error('expected the GET to fail');
}

describe('getJsonBounded', () => {
  it('parses a JSON body within the cap', async () => {
    server.behave({ kind: 'json', body: { keys: [{ kid: 'a' }] } });
    await expect(get()).resolves.toEqual({ keys: [{ kid: 'a' }] });
  });

  it.each([301, 302, 303, 307, 308])(
    'never follows a %i: "redirected", and the target sees nothing',
    async (status) => {
      server.behave({ kind: 'redirect', status, location: `${elsewhere.origin}/stolen` });
      await expect(failureOf(get())).resolves.toEqual({ failure: 'redirected', status });
      expect(elsewhere.received).toEqual([]);
    },
  );

  it('an error status is reported with its status, its body unread', async () => {
    server.behave({ kind: 'status', status: 503 });
    await expect(failureOf(get())).resolves.toEqual({ failure: 'http-status', status: 503 });
  });

  it('a body that is not JSON is "not-json"', async () => {
    server.behave({ kind: 'not-json' });
    await expect(failureOf(get())).resolves.toEqual({ failure: 'not-json', status: 200 });
  });

  it('a declared Content-Length over the cap is refused before the body is read', async () => {
    server.behave({ kind: 'declares', bytes: 2 * MiB });
    const cutBefore = server.cutOff;
    await expect(failureOf(get())).resolves.toEqual({ failure: 'too-large', status: 200 });
    await waitFor(() => server.cutOff > cutBefore);
  });

  it('an endless body is cut off while streaming, just past the cap', async () => {
    server.behave({ kind: 'endless', bytes: 500 * MiB });
    const streamsBefore = server.streams.length;
    await expect(failureOf(get({ maxBytes: MiB }))).resolves.toEqual({ failure: 'too-large', status: 200 });
    await waitFor(() => server.streams.length > streamsBefore);
    const [report] = server.streams.slice(streamsBefore);
    expect(report?.complete).toBe(false);
    // What the server got rid of: the cap plus what the sockets' buffers took.
    expect(report?.bytes).toBeLessThan(MiB + 16 * MiB);
  });

  it('a body that stalls ends with the signal: "timeout", and the connection is closed', async () => {
    server.behave({ kind: 'stalls' });
    const cutBefore = server.cutOff;
    await expect(failureOf(get({ timeoutMs: 200 }))).resolves.toEqual({
      failure: 'timeout',
      status: undefined,
    });
    await waitFor(() => server.cutOff > cutBefore);
  });

  it('a refused connection is "unreachable"', async () => {
    const closed = await startRecordingServer();
    await closed.close();
    const failure = await failureOf(
      getJsonBounded(new URL(closed.origin), { maxBytes: MiB, signal: AbortSignal.timeout(5000) }),
    );
    expect(failure).toEqual({ failure: 'unreachable', status: undefined });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
