import type { CdsDiscoveryResponse } from '../protocol/cds-types.js';
import { compileSchema, describeError } from '../protocol/schemas.js';
import { createPainter, type CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { fetchDiscovery, trimBase } from './fetch-json.js';

export interface DiscoverOptions {
  readonly json?: boolean;
  readonly color: boolean;
}

/** `hsg-cds discover <cds base>`: the services a CDS service offers, checked against the discovery schema. */
export async function runDiscover(baseUrl: string, options: DiscoverOptions, io: CliIo): Promise<ExitCode> {
  const result = await fetchDiscovery(trimBase(baseUrl));
  if (options.json) {
    io.out(result.text);
  } else {
    const paint = createPainter(options.color);
    const services = (result.json as Partial<CdsDiscoveryResponse> | undefined)?.services ?? [];
    const blocks = services.map((s) =>
      [
        `${paint.bold(s.id)}  ${paint.cyan(s.hook)}  ${s.title ?? ''}`.trimEnd(),
        `  ${s.description}`,
        s.prefetch ? `  ${paint.dim(`prefetch: ${Object.keys(s.prefetch).join(', ')}`)}` : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    blocks.push(`${services.length} service${services.length === 1 ? '' : 's'}`);
    io.out(blocks.join('\n\n'));
  }
  const validate = compileSchema<CdsDiscoveryResponse>('discovery-response.schema.json');
  if (validate(result.json)) return ExitCode.ok;
  io.err(
    `The discovery response breaks the CDS Hooks rules:\n${(validate.errors ?? []).map((e) => `- ${describeError(e)}`).join('\n')}`,
  );
  return ExitCode.problems;
}
