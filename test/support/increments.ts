import type { ApiClient } from './api-client.js';

export interface IncrementOutcomes {
  ok: number;
  conflict: number;
  /** Answers that were neither a write nor a conflict refusal. */
  other: unknown[];
}

/**
 * Each client, `attempts` times: reads the cell through the dataset API,
 * then writes it plus one with the value it read as expected. Counts the
 * acknowledged writes and the conflict refusals.
 */
export async function incrementConcurrently(
  clients: readonly ApiClient[],
  attempts: number,
  target: { app: string; table: string; key: Record<string, number>; column: string },
): Promise<IncrementOutcomes> {
  const outcomes: IncrementOutcomes = { ok: 0, conflict: 0, other: [] };
  const [keyColumn, keyValue] = Object.entries(target.key)[0]!;
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < attempts; i += 1) {
        const read = await client.query(target.app, target.table, { filters: [{ column: keyColumn, op: 'eq', value: keyValue }] });
        const seen = read.body.rows[0][target.column] as string;
        const write = await client.changeset(target.app, target.table, {
          changes: [{ op: 'update', key: target.key, set: { [target.column]: (Number(seen) + 1).toFixed(2) }, expect: { [target.column]: seen } }],
        });
        if (write.status === 200) outcomes.ok += 1;
        else if (write.status === 409 && write.body.error.code === 'WB_CONFLICT') outcomes.conflict += 1;
        else outcomes.other.push(write.body);
      }
    }),
  );
  return outcomes;
}
