import type { EngineScaffold } from '../engine-scaffold.js';

/** `roundtrip init --warehouse clickhouse`: the in-process engine in the data folder; a server by changing two lines. */
export const clickhouseScaffold: EngineScaffold = {
  help: 'not yet for the demo: point a project of your own at ClickHouse (README, ClickHouse)',
  unavailable:
    "the demo's seed scripts and its approvals need what ClickHouse lacks (sequences, transactions); point a project of your own at ClickHouse with a warehouse block (README: ClickHouse)",
  warehouse: {
    block: { type: 'clickhouse', path: 'clickhouse', database: 'roundtrip_demo' },
    comment: ' For a server: replace path with `url: { env: CLICKHOUSE_URL }` and add username/password ({ env: NAME }); see README (ClickHouse).',
  },
};
