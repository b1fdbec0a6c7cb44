import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../config/config.js';
import { StartupError } from '../errors.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { projectRoot } from '../project-root.js';
import { buildKnowledgeReport, DEFAULT_REPORT_PATHS } from './knowledge-report.js';

/** `npm run knowledge:report [-- --out file.html]`: writes the review packet and prints where. */
async function main(argv: readonly string[]): Promise<number> {
  const outIndex = argv.indexOf('--out');
  const paths = DEFAULT_REPORT_PATHS(projectRoot());
  const out = outIndex >= 0 && argv[outIndex + 1] ? resolve(argv[outIndex + 1]!) : paths.out;
  if (argv.some((a) => a !== '--out' && a !== argv[outIndex + 1])) {
    console.error('usage: npm run knowledge:report [-- --out file.html]');
    return 2;
  }
  try {
    // The cards of the examples link to PUBLIC_BASE_URL; logs stay quiet.
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const html = await buildKnowledgeReport({
      knowledge: loadKnowledge(),
      config,
      examplesDir: paths.examplesDir,
      ruleConstantsFile: paths.ruleConstantsFile,
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, html);
    console.log(`Knowledge review packet written to ${out} (${Math.round(html.length / 1024)} KiB)`);
    return 0;
  } catch (error) {
    if (error instanceof StartupError) {
      console.error(`hsg-cds: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
