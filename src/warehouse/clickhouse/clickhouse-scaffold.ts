import type { EngineScaffold } from '../engine-scaffold.js';

/** `roundtrip init --warehouse clickhouse`: the in-process engine in the data folder; a server by changing two lines. */
export const clickhouseScaffold: EngineScaffold = {
  help: 'the in-process ClickHouse engine in the data folder (the chdb package), or a server by URL',
  warehouse: {
    block: { type: 'clickhouse', path: 'clickhouse', database: 'roundtrip_demo' },
    comment: ' For a server: replace path with `url: { env: CLICKHOUSE_URL }` and add username/password ({ env: NAME }); see README (ClickHouse).',
  },
};
