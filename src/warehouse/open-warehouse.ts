export { openWarehouse, type WarehouseConfig } from './engines.js';
