// Bundles the workbench page (src/workbench/client, static/) into dist/workbench/ with esbuild:
// one ES module with markdown-it and DOMPurify inside, plus the HTML and CSS. No CDN, works offline.
// Usage: node scripts/build-workbench.mjs [--outdir DIR] [--no-minify]
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, 'src', 'workbench');
const STATIC_FILES = ['index.html', 'styles.css'];

/** Builds the page into `outdir` (default dist/workbench); resolves to the folder written. */
export async function buildWorkbench({ outdir = join(ROOT, 'dist', 'workbench'), minify = true } = {}) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(SOURCE, 'client', 'main.ts')],
    outfile: join(outdir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify,
    sourcemap: 'linked',
    legalComments: 'eof',
    logLevel: 'warning',
  });
  await Promise.all(STATIC_FILES.map((file) => copyFile(join(SOURCE, 'static', file), join(outdir, file))));
  return outdir;
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--outdir' && argv[i + 1]) options.outdir = resolve(argv[++i]);
    else if (argv[i] === '--no-minify') options.minify = false;
    else throw new Error(`Unknown argument ${argv[i]}`);
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWorkbench(parseArgs(process.argv.slice(2))).then(
    (outdir) => console.log(`workbench built into ${outdir}`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
