import { describe, expect, it } from 'vitest';
import { translateBigqueryError } from './bigquery-errors.js';

const api = (code: number, reason: string, message: string) => Object.assign(new Error(message), { code, errors: [{ reason, message }] });
const node = (code: string) => Object.assign(new Error(code), { code });

describe('translateBigqueryError', () => {
  it.each([
    [api(400, 'invalidQuery', 'Transaction is aborted due to concurrent update against table p:d.t'), 'DRV_TRANSACTION_CONFLICT'],
    [api(400, 'invalidQuery', 'Could not serialize access to table p:d.t due to concurrent update'), 'DRV_TRANSACTION_CONFLICT'],
    [api(400, 'timeout', 'Job timed out'), 'DRV_TIMEOUT'],
    [api(400, 'stopped', 'Job execution was cancelled: Job timed out after 30s'), 'DRV_TIMEOUT'],
    [api(401, 'authError', 'Request had invalid authentication credentials'), 'DRV_AUTH'],
    [Object.assign(new Error('invalid_grant: Invalid JWT Signature.'), { response: { status: 400 } }), 'DRV_AUTH'],
    [api(403, 'accessDenied', 'Access Denied: Project p: User does not have bigquery.jobs.create permission'), 'DRV_AUTH'],
    [api(404, 'notFound', 'Not found: Dataset p:sales was not found in location EU'), 'DRV_NOT_FOUND'],
    [api(404, 'notFound', 'Not found: Table p:sales.orders was not found'), 'DRV_QUERY_FAILED'],
    [api(400, 'invalidQuery', 'Required field label cannot be null'), 'DRV_CONSTRAINT_VIOLATION'],
    [api(400, 'invalidQuery', 'Bad int64 value: abc'), 'DRV_CONSTRAINT_VIOLATION'],
    [api(400, 'invalidQuery', 'Invalid NUMERIC value: 1e99'), 'DRV_CONSTRAINT_VIOLATION'],
    [api(403, 'jobRateLimitExceeded', 'Exceeded rate limits: too many table update operations'), 'DRV_CONNECTION'],
    [api(500, 'backendError', 'Backend error'), 'DRV_CONNECTION'],
    [node('ECONNREFUSED'), 'DRV_CONNECTION'],
    [node('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'DRV_TLS'],
    [api(400, 'invalidQuery', 'Syntax error: Unexpected keyword FROM'), 'DRV_QUERY_FAILED'],
  ])('%s', (error, code) => {
    const translated = translateBigqueryError(error);
    expect(translated.code).toBe(code);
    expect(translated.cause).toBe(error);
  });

  it("names refusals under a user's token as the warehouse's governance", () => {
    expect(translateBigqueryError(api(403, 'accessDenied', 'Access Denied: Table p:d.t'), 'user')).toMatchObject({
      code: 'GOV_WAREHOUSE_DENIED',
      details: { reason: 'privilege' },
    });
    expect(translateBigqueryError(api(401, 'authError', 'Invalid Credentials'), 'user')).toMatchObject({
      code: 'GOV_WAREHOUSE_DENIED',
      details: { reason: 'token' },
    });
  });
});
