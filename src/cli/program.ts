import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { DatabaseConfig } from '../config/config.js';
import { StartupError } from '../errors.js';
import { runCall, type CallOptions } from './call-command.js';
import { runCheck, type CheckOptions } from './check-command.js';
import type { CliIo } from './cli-io.js';
import { runDiscover } from './discover-command.js';
import { CliFailure, ExitCode, UsageError } from './exit-codes.js';
import { parseSince, runFeedbackReport, type FeedbackSource } from './feedback-report-command.js';
import { runMigrate, type MigrateOptions } from './migrate-command.js';

export interface CliEnvironment {
  readonly stdoutIsTty: boolean;
  /** FEEDBACK_DB, read through the config only when a command needs it. */
  readonly defaultFeedbackDb: () => string;
  /** DATABASE_URL and its settings, read through the config only when a command needs them. */
  readonly database: () => DatabaseConfig | undefined;
  readonly version: string;
}

/** What commander hands each action (its typings say `any`): declared here, at the boundary. */
type ColourFlag = { readonly color?: boolean };
type CallFlags = Omit<CallOptions, 'color'> & ColourFlag;
type DiscoverFlags = { readonly json?: boolean } & ColourFlag;
type ReportFlags = { readonly since?: Date; readonly db?: string; readonly json?: boolean } & ColourFlag;

function withColourOptions(command: Command): Command {
  return command
    .option('--color', 'colour the output even when stdout is not a terminal')
    .option('--no-color', 'never colour the output');
}

function parseUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:/.test(value))
    throw new InvalidArgumentError('expected an http(s) URL');
  return value;
}

function buildProgram(io: CliIo, environment: CliEnvironment, finish: (code: ExitCode) => void): Command {
  const colour = (opts: ColourFlag) => opts.color ?? environment.stdoutIsTty;
  const feedbackSource = (db: string | undefined): FeedbackSource => {
    if (db !== undefined) return { kind: 'sqlite', path: db };
    const database = environment.database();
    return database
      ? { kind: 'postgresql', database }
      : { kind: 'sqlite', path: environment.defaultFeedbackDb() };
  };
  const program = new Command('hsg-cds')
    .description('Call, inspect and report on the hsg-cds CDS Hooks service')
    .version(environment.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  withColourOptions(
    program
      .command('call')
      .description(
        'send the hook request an EHR would send for a draft order (or, with hsg-patient-view, on opening ' +
          'the chart), and print the cards',
      )
      .requiredOption('--patient <id>', 'the patient id (context.patientId)')
      .requiredOption('--fhir <base>', "the FHIR server's base URL (sent as fhirServer)", parseUrl)
      .option(
        '--service <id>',
        'the CDS service id (hsg-order-select, hsg-order-sign, hsg-patient-view)',
        'hsg-order-sign',
      )
      .option('--token <token>', 'FHIR access token: sent as fhirAuthorization and used for --prefetch')
      .addOption(
        new Option('--order-file <json>', 'the draft order(s): a FHIR resource or a Bundle').conflicts('cpt'),
      )
      .option('--cpt <code>', 'CPT code of the default ServiceRequest (default 74740, HSG)')
      .option('--user <reference>', 'context.userId', 'Practitioner/hsg-cds-cli')
      .option('--encounter <id>', 'context.encounterId')
      .option('--prefetch', 'fill the prefetch from the FHIR server, as an EHR would')
      .option('--url <cds base>', 'the CDS service base URL', parseUrl, 'http://localhost:3000')
      .option('--json', 'print the raw response instead of the cards'),
  ).action(async (opts: CallFlags) => finish(await runCall({ ...opts, color: colour(opts) }, io)));

  withColourOptions(
    program
      .command('discover')
      .description("list a CDS service's services and check its discovery response")
      .argument('<cds-base>', 'the CDS service base URL, e.g. http://localhost:3000', parseUrl)
      .option('--json', 'print the raw discovery response'),
  ).action(async (base: string, opts: DiscoverFlags) =>
    finish(await runDiscover(base, { ...opts, color: colour(opts) }, io)),
  );

  program
    .command('check')
    .description('check a saved CDS Hooks response against the CDS Hooks rules hsg-cds keeps')
    .argument('<response.json>', 'the response body')
    .option('--request <request.json>', 'the hook request it answered (to check actions against draftOrders)')
    .option('--topic-system <uri>', 'require every card topic to use this code system')
    .action((file: string, opts: CheckOptions) => finish(runCheck(file, opts, io)));

  withColourOptions(
    program
      .command('feedback-report')
      .description('acceptance and override rates per card topic, and the common override reasons')
      .option('--since <when>', 'only feedback from then on: 2026-01-31 or 30d', (v) => parseSince(v))
      .option('--db <path>', 'the feedback SQLite file (default: DATABASE_URL when set, else FEEDBACK_DB)')
      .option('--json', 'print the summary as JSON'),
  ).action(async (opts: ReportFlags) => {
    const { db, ...rest } = opts;
    finish(await runFeedbackReport({ ...rest, source: feedbackSource(db), color: colour(opts) }, io));
  });

  program
    .command('migrate')
    .description('apply the PostgreSQL schema migrations to DATABASE_URL (the service can do it at start-up)')
    .option('--check', 'only list the pending migrations; exit 1 when there are some')
    .action(async (opts: MigrateOptions) => finish(await runMigrate(environment.database(), opts, io)));
  return program;
}

function exitCodeOf(error: unknown, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message.
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
      ? ExitCode.ok
      : ExitCode.usage;
  }
  if (error instanceof UsageError || error instanceof StartupError) {
    io.err(`hsg-cds: ${error.message}`);
    return ExitCode.usage;
  }
  io.err(`hsg-cds: ${error instanceof CliFailure ? '' : 'unexpected error: '}${(error as Error).message}`);
  return ExitCode.problems;
}

/** Runs one command line; resolves to the exit code (0 ok, 1 problems found or request failed, 2 usage). */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  environment: CliEnvironment,
): Promise<ExitCode> {
  let code: ExitCode = ExitCode.ok;
  try {
    await buildProgram(io, environment, (c) => (code = c)).parseAsync([...argv]);
  } catch (error) {
    return exitCodeOf(error, io);
  }
  return code;
}
