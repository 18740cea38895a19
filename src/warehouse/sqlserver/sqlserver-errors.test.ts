import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import { translateSqlserverError } from './sqlserver-errors.js';

/** A refused statement as mssql hands it over: a RequestError with SQL Server's number, wrapping tedious's error. */
function refused(number: number, message = 'refused'): Error {
  return Object.assign(new Error(message), {
    name: 'RequestError',
    code: 'EREQUEST',
    number,
    originalError: Object.assign(new Error(message), { info: { number } }),
  });
}

const codeOf = (error: unknown) => translateSqlserverError(error).code;

describe('translateSqlserverError', () => {
  it('maps statement errors by SQL Server error number', () => {
    expect(codeOf(refused(2627))).toBe('DRV_UNIQUE_VIOLATION');
    expect(codeOf(refused(2601))).toBe('DRV_UNIQUE_VIOLATION');
    expect(translateSqlserverError(refused(515)).details).toEqual({ constraint: 'not_null' });
    expect(translateSqlserverError(refused(547, 'The INSERT statement conflicted with the FOREIGN KEY constraint "fk"')).details).toEqual({
      constraint: 'foreign_key',
    });
    expect(translateSqlserverError(refused(547, 'The UPDATE statement conflicted with the CHECK constraint "ck"')).details).toEqual({ constraint: 'check' });
    expect(translateSqlserverError(refused(8114)).details).toEqual({ constraint: 'value' });
    expect(translateSqlserverError(refused(245)).details).toEqual({ constraint: 'value' });
    expect(codeOf(refused(1205))).toBe('DRV_TRANSACTION_CONFLICT');
    expect(translateSqlserverError(refused(229)).details).toEqual({ reason: 'privilege' });
    expect(translateSqlserverError(refused(33504)).details).toEqual({ reason: 'row_level_security' });
    expect(codeOf(refused(208, 'Invalid object name'))).toBe('DRV_QUERY_FAILED');
  });

  it('finds the number among the errors sent before the last', () => {
    const last = Object.assign(refused(3621, 'The statement has been terminated.'), { precedingErrors: [refused(2627)] });
    expect(codeOf(last)).toBe('DRV_UNIQUE_VIOLATION');
  });

  it('maps connection failures', () => {
    const login = Object.assign(new Error("Login failed for user 'rt'."), { name: 'ConnectionError', code: 'ELOGIN' });
    expect(codeOf(login)).toBe('DRV_AUTH');
    const database = Object.assign(new Error('Cannot open database "nope" requested by the login. The login failed.'), { code: 'ELOGIN' });
    expect(codeOf(database)).toBe('DRV_NOT_FOUND');
    const socket = Object.assign(new Error('Failed to connect to db:1433 - getaddrinfo ENOTFOUND db'), { code: 'ESOCKET' });
    expect(codeOf(socket)).toBe('DRV_CONNECTION');
    const connectTimeout = Object.assign(new Error('Failed to connect to db:1433 in 15000ms'), { code: 'ETIMEOUT' });
    expect(codeOf(connectTimeout)).toBe('DRV_CONNECTION');
    const certificate = Object.assign(new Error('Failed to connect to db:1433 - self-signed certificate'), {
      code: 'ESOCKET',
      cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    });
    expect(codeOf(certificate)).toBe('DRV_TLS');
  });

  it('maps a statement timeout and a cancel to DRV_TIMEOUT, keeping the cause', () => {
    const timeout = Object.assign(new Error('Timeout: Request failed to complete in 30000ms'), { code: 'ETIMEOUT' });
    const translated = translateSqlserverError(timeout);
    expect(translated).toBeInstanceOf(AppError);
    expect(translated.code).toBe('DRV_TIMEOUT');
    expect(translated.cause).toBe(timeout);
    expect(codeOf(Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }))).toBe('DRV_TIMEOUT');
  });
});
