export { checkDatasets, runDataset } from './run-dataset.js';
export { queryRequestSchema, type DatasetResult, type QueryRequest } from './query-request-schema.js';
export { fetchTableDiff, type RowDiff } from './table-diff.js';
