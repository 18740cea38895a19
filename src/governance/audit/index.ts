export { AUDIT_COLUMNS, buildAuditInserts, cellValues, changesetValues, type AuditCell, type AuditChangeset, type UnsealedChangeset } from './audit-records.js';
export { AUDIT_TABLES, ensureAuditSchema } from './audit-schema.js';
export { fetchLastCellChange, fetchRowHistory, type CellHistoryEntry } from './fetch-history.js';
export { GENESIS_HASH, hashChangeset } from './audit-chain.js';
export { AuditSealer } from './audit-sealer.js';
export { sealAuditChain } from './seal-audit-chain.js';
export { verifyAuditChain, type ChainProblem, type ChainReport } from './verify-audit-chain.js';
export { fetchCellsBetween, fetchChangeset, type StoredChangeset, type TimedCell } from './fetch-changes.js';
export { recordRejection, type Rejection } from './rejections.js';
