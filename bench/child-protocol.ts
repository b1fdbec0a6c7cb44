import type { RecordSize } from './records.js';

/** What a benchmark child process runs: the floor app, the CDS service, or the embedded FHIR server. */
export type ChildRole = 'floor' | 'service' | 'fhir';

export type StartMessage =
  | { readonly type: 'start'; readonly role: 'floor'; readonly maxBodyBytes: number }
  | {
      readonly type: 'start';
      readonly role: 'service';
      /** Handed to loadConfig() as the environment: the child reads no process.env. */
      readonly env: Readonly<Record<string, string>>;
    }
  | {
      readonly type: 'start';
      readonly role: 'fhir';
      readonly bearerToken: string;
      readonly patients: readonly { readonly id: string; readonly size: RecordSize }[];
    };

export type ParentMessage = StartMessage | { readonly type: 'stats' | 'reset' | 'stop' };

export interface ChildStats {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** process.cpuUsage() user + system, in microseconds since the child started. */
  readonly cpuMicros: number;
  /** fhir role: requests received since start or the last reset. */
  readonly fhirRequests?: number;
}

export type ChildMessage =
  | { readonly type: 'ready'; readonly url: string }
  | ({ readonly type: 'stats' } & ChildStats)
  | { readonly type: 'reset-done' }
  | { readonly type: 'failed'; readonly message: string };
