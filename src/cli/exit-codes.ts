/** The CLI's exit codes: scripts and CI branch on them. */
export const ExitCode = { ok: 0, problems: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The command line itself is wrong (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command ran and failed: unreachable service, bad response, unreadable input (exit 1). */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}
