import { fork, type ChildProcess } from 'node:child_process';
import type { ChildMessage, ChildStats, ParentMessage, StartMessage } from './child-protocol.js';

/** A server running in its own process (bench/serve.ts), driven over IPC. */
export interface ChildServer {
  readonly url: string;
  readonly pid: number;
  stats(): Promise<ChildStats>;
  /** fhir role: forget the requests recorded so far. */
  reset(): Promise<void>;
  /** Stops the server and waits for the process to exit (and to write its CPU profile, if any). */
  stop(): Promise<void>;
}

export interface ForkOptions {
  /** Start the child with `--cpu-prof` and write its profile here. */
  readonly cpuProfileDir?: string;
}

function waitFor<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === type) {
        cleanUp();
        resolve(message as Extract<ChildMessage, { type: T }>);
      } else if (message.type === 'failed') {
        cleanUp();
        reject(new Error(`benchmark child failed: ${message.message}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`benchmark child exited (code ${String(code)}) before '${type}'`));
    };
    const cleanUp = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function post(child: ChildProcess, message: ParentMessage): void {
  child.send(message);
}

/** Forks bench/serve.js (compiled next to this module) and starts the requested server in it. */
export async function forkChildServer(start: StartMessage, options: ForkOptions = {}): Promise<ChildServer> {
  const execArgv = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  // The child's stdout goes to our stderr: with --json, stdout carries only the results.
  const child = fork(new URL('./serve.js', import.meta.url), [], {
    execArgv,
    stdio: ['ignore', 2, 'inherit', 'ipc'],
  });
  const ready = waitFor(child, 'ready');
  post(child, start);
  const { url } = await ready;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid ?? -1,
    stats: async () => {
      const reply = waitFor(child, 'stats');
      post(child, { type: 'stats' });
      const { type: _type, ...stats } = await reply;
      return stats;
    },
    reset: async () => {
      const reply = waitFor(child, 'reset-done');
      post(child, { type: 'reset' });
      await reply;
    },
    stop: async () => {
      if (child.exitCode === null) post(child, { type: 'stop' });
      await exited;
    },
  };
}
