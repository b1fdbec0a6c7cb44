import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bundle } from 'fhir/r4.js';
import { isBundle } from './search-bundle.js';

/** Every `*.json` transaction or batch Bundle in a folder, sorted by file name. */
export async function readSeedBundles(folder: string): Promise<Bundle[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  const bundles: Bundle[] = [];
  for (const file of files) {
    const parsed: unknown = JSON.parse(await readFile(join(folder, file), 'utf8'));
    if (!isBundle(parsed) || (parsed.type !== 'transaction' && parsed.type !== 'batch')) {
      throw new Error(`${file} is not a transaction or batch Bundle`);
    }
    bundles.push(parsed);
  }
  return bundles;
}
