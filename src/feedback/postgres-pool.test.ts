import { describe, expect, test } from '@jest/globals';
import {
  databaseErrorCode,
  describeDatabaseError,
  hidePassword,
  isDatabaseUnavailable,
} from './postgres-pool.js';

const URL_WITH_SECRET = 'postgres://hsg:p%40ss%2Fw0rd@db.example.org:5432/hsg';

describe('database error messages keep the password out', () => {
  test('the password is hidden in plain and URL-encoded form', () => {
    expect(hidePassword('failed for p@ss/w0rd and p%40ss%2Fw0rd', URL_WITH_SECRET)).toBe(
      'failed for *** and ***',
    );
  });

  test('an error quoting the connection string is described without the password', () => {
    const error = Object.assign(new Error(`cannot connect to ${URL_WITH_SECRET}`), { code: 'ECONNREFUSED' });
    const described = describeDatabaseError(error, URL_WITH_SECRET);
    expect(described).toMatch(/^ECONNREFUSED: cannot connect to postgres:\/\/hsg:\*\*\*@db/);
    expect(described).not.toContain('w0rd');
    expect(databaseErrorCode(error)).toBe('ECONNREFUSED');
    expect(databaseErrorCode(new Error('Connection terminated due to connection timeout'))).toBe('timeout');
  });
});

describe('isDatabaseUnavailable', () => {
  test('outages are network errors, timeouts and the server-cannot-serve SQLSTATE classes', () => {
    const withCode = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', '57P01', '08006', '53300'])
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Query read timeout'))).toBe(true);
    // A statement the database refused is not an outage.
    for (const code of ['22021', '23505', '42P01']) expect(isDatabaseUnavailable(withCode(code))).toBe(false);
  });
});
