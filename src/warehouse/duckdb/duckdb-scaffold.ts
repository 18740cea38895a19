import type { EngineScaffold } from '../engine-scaffold.js';

/** `roundtrip init --warehouse duckdb`: the demo as it is, an embedded file in the data folder. */
export const duckdbScaffold: EngineScaffold = {
  help: 'an embedded DuckDB file in the data folder, nothing to install',
};
