import type { ServerResponse } from 'node:http';

/**
 * Search answers too big to build in memory, written as a stream with backpressure: a Bundle that goes
 * on for a given number of bytes, and a Bundle of many small entries over several pages. The writer
 * stops as soon as the client goes away, and says how much it wrote.
 */

export interface StreamReport {
  /** Body bytes handed to the socket. */
  readonly bytes: number;
  /** Whether the whole body was written (false: the client hung up first). */
  readonly complete: boolean;
}

/**
 * The smallest thing a search can carry that the rules will read: a Condition about `patientId`. Every
 * entry is the same text, so making millions of them costs the test next to nothing.
 */
function conditionEntry(patientId: string): string {
  return JSON.stringify({
    resource: { resourceType: 'Condition', subject: { reference: `Patient/${patientId}` } },
  });
}

const CHUNK_BYTES = 64 * 1024;

/** Writes `parts` joined into one body, in chunks of about 64 KiB, waiting for 'drain' between them. */
async function writeStream(
  res: ServerResponse,
  parts: Iterable<string>,
  limitBytes = Infinity,
): Promise<StreamReport> {
  res.writeHead(200, { 'content-type': 'application/fhir+json; charset=utf-8', connection: 'close' });
  let bytes = 0;
  let pending = '';
  const flush = async (): Promise<boolean> => {
    if (res.destroyed) return false;
    const chunk = pending;
    pending = '';
    bytes += Buffer.byteLength(chunk);
    if (!res.write(chunk)) await drainedOrClosed(res);
    return !res.destroyed;
  };
  for (const part of parts) {
    pending += part;
    if (pending.length >= CHUNK_BYTES && !(await flush())) return { bytes, complete: false };
    if (bytes >= limitBytes) break;
  }
  if (pending && !(await flush())) return { bytes, complete: false };
  await new Promise<void>((resolve) => {
    res.once('close', resolve);
    res.end(resolve);
  });
  return { bytes, complete: res.writableFinished };
}

/** Waits for room in the socket or for the client to go away, leaving no listener behind. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function* bundleParts(entries: Iterable<string>, nextUrl: string | undefined): Generator<string> {
  const link = nextUrl ? `"link":[{"relation":"next","url":${JSON.stringify(nextUrl)}}],` : '';
  yield `{"resourceType":"Bundle","type":"searchset",${link}"entry":[`;
  let first = true;
  for (const entry of entries) {
    yield first ? entry : `,${entry}`;
    first = false;
  }
  yield ']}';
}

function* entriesFrom(patientId: string, from: number, to: number): Generator<string> {
  const entry = conditionEntry(patientId);
  for (let i = from; i < to; i++) yield entry;
}

/** A searchset that keeps going for about `totalBytes` (a server streaming a huge result). */
export function streamHugeBundle(
  res: ServerResponse,
  patientId: string,
  totalBytes: number,
): Promise<StreamReport> {
  return writeStream(
    res,
    bundleParts(entriesFrom(patientId, 0, Number.MAX_SAFE_INTEGER), undefined),
    totalBytes,
  );
}

/** One page of `total` entries cut into pages of `perPage`; pages link on with the `page` query parameter. */
export function streamManyEntriesPage(
  res: ServerResponse,
  options: {
    patientId: string;
    total: number;
    perPage: number;
    page: number;
    nextUrl: (page: number) => string;
  },
): Promise<StreamReport> {
  const from = options.page * options.perPage;
  const to = Math.min(options.total, from + options.perPage);
  const next = to < options.total ? options.nextUrl(options.page + 1) : undefined;
  return writeStream(res, bundleParts(entriesFrom(options.patientId, from, to), next));
}
