import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../src/project-root.js';

/** Builds the page with the project's own build script into a fresh temporary folder, and returns it. */
export function buildPageIntoTempDir(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'hsg-workbench-'));
  execFileSync(process.execPath, ['scripts/build-workbench.mjs', '--outdir', outdir], {
    cwd: projectRoot(),
    stdio: 'pipe',
  });
  return outdir;
}
