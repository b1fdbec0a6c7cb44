import { readFileSync } from 'node:fs';
import type { Bundle } from 'fhir/r4.js';
import { checkCdsResponse } from '../protocol/validate-response.js';
import type { CliIo } from './cli-io.js';
import { ExitCode, UsageError } from './exit-codes.js';

export interface CheckOptions {
  /** The hook request the response answered: its draftOrders are what actions may update or delete. */
  readonly request?: string;
  readonly topicSystem?: string;
}

function readJson(path: string): { json?: unknown; problem?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `${path} is not JSON: ${(error as Error).message}` };
  }
}

/** `hsg-cds check <response.json>`: the project's own response validator, on any saved response. */
export function runCheck(file: string, options: CheckOptions, io: CliIo): ExitCode {
  const response = readJson(file);
  const request = options.request ? readJson(options.request) : {};
  const problem = response.problem ?? request.problem;
  if (problem) {
    io.err(problem);
    return ExitCode.problems;
  }
  const draftOrders = (request.json as { context?: { draftOrders?: Bundle } } | undefined)?.context
    ?.draftOrders;
  const problems = checkCdsResponse(response.json, { draftOrders, topicSystem: options.topicSystem });
  if (problems.length > 0) {
    io.out(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
    return ExitCode.problems;
  }
  const cards = (response.json as { cards: unknown[] }).cards.length;
  io.out(`${file}: valid CDS Hooks 2.0 response (${cards} card${cards === 1 ? '' : 's'})`);
  return ExitCode.ok;
}
