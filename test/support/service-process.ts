import { spawn, type ChildProcess } from 'node:child_process';

/** The service running as its own process (`node main.mjs`), as a replica runs in production. */
export interface ServiceProcess {
  readonly url: string;
  /** Everything it wrote on stdout and stderr so far (JSON log lines). */
  output(): string;
  /** True until the process exits. */
  alive(): boolean;
  /** SIGTERM, then waits for the exit; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the bundled entry point with `env` (PORT=0: the port is read from its "listening" log line,
 * so LOG_LEVEL must be info or lower) and resolves once it listens.
 */
export function startServiceProcess(script: string, env: Record<string, string>): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /"port":(\d+)[^\n]*hsg-cds listening/.exec(output)?.[1];
      if (port === undefined) return;
      child.stdout?.off('data', onData);
      child.stdout?.on('data', (more: Buffer) => (output += more.toString()));
      resolve({
        url: `http://127.0.0.1:${port}`,
        output: () => output,
        alive: () => !exited,
        async stop() {
          if (!exited) child.kill('SIGTERM');
          return exit;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exit.then((code) => reject(new Error(`service exited (${code}) before listening:\n${output}`)));
  });
}
