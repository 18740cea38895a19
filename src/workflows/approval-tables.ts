import { column, type TableSpec } from '../warehouse/table-spec.js';

/** Table names inside the project's audit schema. Documented in README (Workflows: approval chains). */
export const APPROVAL_TABLES = { requests: 'approval_requests', steps: 'approval_steps' } as const;

/** The system-store table of approval delegations. */
export const DELEGATIONS_TABLE = 'approval_delegations';

/**
 * The approval tables, in the warehouse's audit schema next to the
 * changesets, so that approval cycles can be queried with SQL together with
 * the changes they led to. Created by the warehouse migrations.
 */
export function approvalTableSpecs(schema: string): TableSpec[] {
  const { text, integer, double, timestamp } = column;
  return [
    {
      schema,
      name: APPROVAL_TABLES.requests,
      columns: [
        text('request_id', true),
        text('app', true),
        text('table_name', true),
        text('submitted_by', true),
        timestamp('submitted_at', true),
        text('status', true),
        double('amount', true),
        text('route', true),
        integer('current_level', true),
        text('changes', true),
        text('reason'),
        { name: 'resubmits', type: 'text', unique: true },
        text('changeset_id'),
        timestamp('updated_at', true),
      ],
      primaryKey: ['request_id'],
    },
    {
      schema,
      name: APPROVAL_TABLES.steps,
      columns: [
        text('request_id', true),
        integer('seq', true),
        text('action', true),
        text('level'),
        text('actor', true),
        text('on_behalf_of'),
        timestamp('acted_at', true),
        text('comment'),
      ],
      primaryKey: ['request_id', 'seq'],
    },
  ];
}

/** The system-store table of delegations (one per delegator), created by the system migrations. */
export const DELEGATIONS_TABLE_SPEC: TableSpec = {
  name: DELEGATIONS_TABLE,
  columns: [column.text('delegator', true), column.text('delegate', true), column.bigint('until_at', true), column.bigint('created_at', true)],
  primaryKey: ['delegator'],
};
