import type { DriverCapabilities, WarehouseDriver } from '../../src/warehouse/driver.js';

/**
 * Makes `warehouse` declare `declares` on top of its capabilities; a
 * `RETURNING` it declares missing fails every statement that would use it,
 * so no write path can rely on it unnoticed.
 */
export function declareLess(warehouse: WarehouseDriver, declares: Partial<DriverCapabilities>): void {
  const capabilities = { ...warehouse.capabilities, ...declares };
  const dialect =
    declares.supportsReturning === false
      ? {
          ...warehouse.dialect,
          returning: () => {
            throw new Error('RETURNING is declared missing on this warehouse');
          },
        }
      : warehouse.dialect;
  Object.assign(warehouse, { capabilities, dialect });
}
