import type { EngineScaffold } from '../engine-scaffold.js';

/** `roundtrip init --warehouse bigquery`: a warehouse block reading the project, dataset and key file from the environment. */
export const bigqueryScaffold: EngineScaffold = {
  help: 'Google BigQuery: project and dataset from BIGQUERY_PROJECT and BIGQUERY_DATASET, a service account key file from GOOGLE_APPLICATION_CREDENTIALS',
  warehouse: {
    block: {
      type: 'bigquery',
      projectId: { env: 'BIGQUERY_PROJECT' },
      dataset: 'roundtrip_demo',
      keyFile: { env: 'GOOGLE_APPLICATION_CREDENTIALS' },
    },
    comment:
      " Create the dataset first (bq mk roundtrip_demo); set location (e.g. EU) to the dataset's; replace keyFile with `applicationDefaultCredentials: true` on Google Cloud. To run every job with the user's own Google token: `identity: { mode: user-token }` and identity.oidc at Google; see README (Running as the user on cloud warehouses).",
  },
};
