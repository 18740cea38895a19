export { buildAuditInserts, type AuditCell, type AuditChangeset } from './audit-records.js';
export { AUDIT_TABLES, ensureAuditSchema } from './audit-schema.js';
export { fetchLastCellChange, fetchRowHistory, type CellHistoryEntry } from './fetch-history.js';
