export { buildPagedQuery } from './build-query.js';
export { fetchRowsByKey } from './fetch-rows-by-key.js';
export { checkDatasets, datasetSource, runDataset } from './run-dataset.js';
export { queryRequestSchema, type DatasetResult, type QueryRequest } from './query-request-schema.js';
export { fetchTableDiff, type RowDiff } from './table-diff.js';
