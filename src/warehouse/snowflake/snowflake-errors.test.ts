import { describe, expect, it } from 'vitest';
import { translateSnowflakeError } from './snowflake-errors.js';

const native = (code: string | number, sqlState?: string, cause?: unknown) => Object.assign(new Error(`error ${code}`), { code, sqlState, cause });

describe('Snowflake errors', () => {
  it.each([
    [native('390100', '08004'), 'DRV_AUTH'],
    [native('390144', '08004'), 'DRV_AUTH'],
    [native('390201', '08004'), 'DRV_NOT_FOUND'],
    [native(401001, undefined, Object.assign(new Error('connect'), { code: 'ENOTFOUND' })), 'DRV_CONNECTION'],
    [native(412001), 'DRV_TLS'],
    [native('000630', '57014'), 'DRV_TIMEOUT'],
    [native('000625', '57014'), 'DRV_TRANSACTION_CONFLICT'],
    [native('100072', '22000'), 'DRV_CONSTRAINT_VIOLATION'],
    [native('100038', '22018'), 'DRV_CONSTRAINT_VIOLATION'],
    [native('003001', '42501'), 'GOV_WAREHOUSE_DENIED'],
    [native('001003', '42000'), 'DRV_QUERY_FAILED'],
  ])('%s → %s', (error, code) => {
    const translated = translateSnowflakeError(error);
    expect(translated.code).toBe(code);
    expect(translated.cause).toBe(error);
  });

  it('reads "does not exist or not authorized" by context: configuration at connect, a denial under a user role, a failed statement otherwise', () => {
    const error = native('002003', '42S02');
    expect(translateSnowflakeError(error, { phase: 'connect' }).code).toBe('DRV_NOT_FOUND');
    expect(translateSnowflakeError(error, { phase: 'statement', asUser: true }).code).toBe('GOV_WAREHOUSE_DENIED');
    expect(translateSnowflakeError(error, { phase: 'statement' }).code).toBe('DRV_QUERY_FAILED');
  });

  it('tells which constraint refused a value', () => {
    expect(translateSnowflakeError(native('100072', '22000')).details).toEqual({ constraint: 'not_null' });
    expect(translateSnowflakeError(native('100038', '22018')).details).toEqual({ constraint: 'value' });
  });
});
