import type { EngineScaffold } from '../engine-scaffold.js';

/** `roundtrip init --warehouse databricks`: a SQL warehouse on Unity Catalog, every secret read from the environment. */
export const databricksScaffold: EngineScaffold = {
  help: 'a Databricks SQL warehouse (Unity Catalog), reading DATABRICKS_HOST, DATABRICKS_HTTP_PATH and DATABRICKS_TOKEN',
  warehouse: {
    block: {
      type: 'databricks',
      host: { env: 'DATABRICKS_HOST' },
      httpPath: { env: 'DATABRICKS_HTTP_PATH' },
      token: { env: 'DATABRICKS_TOKEN' },
      catalog: 'main',
      schema: 'roundtrip_demo',
    },
    comment:
      " Create the schema first (CREATE SCHEMA main.roundtrip_demo). For a service principal: replace token with `clientId: { env: DATABRICKS_CLIENT_ID }` and `clientSecret: { env: DATABRICKS_CLIENT_SECRET }`. To run every statement with the user's own token: `identity: { mode: user-token }` and identity.oidc at the workspace's OAuth; see README (Running as the user on cloud warehouses).",
  },
};
