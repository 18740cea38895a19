export { readRowPolicies } from './read-policies.js';
export { buildRowPredicate } from './row-predicate.js';
export { assertWriteAllowed, directWritesAllowed, editableColumns, mayWrite, updatableColumnsByRow, type WriteGrant } from './write-policies.js';
export { comparableRow, rowSatisfies } from './evaluate-row-policies.js';
export { changesetRowNotFound, rowNotFound } from './row-not-found.js';
export { buildLockGuard, locksFor, lockTuple, lockTupleQuery } from './lock-guard.js';
