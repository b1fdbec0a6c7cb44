import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON log lines on stdout (or the given stream, for tests). Call sites pass named, PHI-free fields
 * only; as a second line of defence the usual secret-bearing paths are redacted.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hsg-cds' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          'req.headers.authorization',
          'token',
          'access_token',
          'fhirAuthorization',
          'password',
          'connectionString',
          '*.password',
          '*.connectionString',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
