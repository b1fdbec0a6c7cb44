#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { projectRoot } from '../project-root.js';
import { runCli } from './program.js';

/** `hsg-cds` (package.json "bin"): binds the CLI to this process. */
function readVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

void runCli(
  process.argv,
  { out: (text) => process.stdout.write(line(text)), err: (text) => process.stderr.write(line(text)) },
  {
    stdoutIsTty: process.stdout.isTTY === true,
    defaultFeedbackDb: () => loadConfig().feedbackDb,
    database: () => loadConfig().database,
    version: readVersion(),
  },
).then((code) => {
  process.exitCode = code;
});
