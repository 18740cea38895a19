import { officeApi } from '../api/office-endpoints';
import { DownloadMenu } from './download-button';

export interface GridExportQuery {
  filters: unknown[];
  search: unknown;
  sort: unknown[];
}

/** "Export ▾" on a grid or table: every row it shows (its filters, search and sort, not just the loaded ones) as Excel or CSV. */
export function GridExportMenu({ app, dataset, query, params }: { app: string; dataset: string; query: GridExportQuery; params?: Record<string, unknown> }) {
  const body = { params: params ?? {}, filters: query.filters, sort: query.sort, ...(query.search ? { search: query.search } : {}) };
  return (
    <DownloadMenu
      label="Export"
      testId="grid-export"
      choices={[
        { id: 'xlsx', label: 'Excel workbook', hint: '.xlsx', run: () => officeApi.quickExport(app, dataset, { ...body, format: 'xlsx' }) },
        { id: 'csv', label: 'CSV', hint: '.csv, UTF-8', run: () => officeApi.quickExport(app, dataset, { ...body, format: 'csv' }) },
      ]}
    />
  );
}
