export type { Catalog, CatalogColumn, CatalogTable } from './catalog.js';
export { findCatalogTable } from './catalog.js';
export type { ColumnType } from './column-type.js';
export { isNumericType } from './column-type.js';
export type { Dialect } from './dialect.js';
export type { CellValue, DriverCapabilities, QueryResult, ResultColumn, Row, SqlRunner, WarehouseDriver } from './driver.js';
export { ident, join, param, raw, renderSql, sql, SqlFragment, table, typed } from './sql.js';
export { openWarehouse, type WarehouseConfig } from './open-warehouse.js';
