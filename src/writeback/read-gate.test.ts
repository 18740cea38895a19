import { describe, expect, it } from 'vitest';
import type { WarehouseDriver } from '../warehouse/driver.js';
import { closeForWrite, gatedRead, tableWord, wordsOf } from './read-gate.js';

// The gate's ordering alone; readers on real engines: test/writeback/readers-see-whole-changesets.test.ts.
const warehouse = (transactions: boolean) => ({ capabilities: { transactions } }) as unknown as WarehouseDriver;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('read gate', () => {
  it('names a table by the last part of its name, lowercased', () => {
    expect(tableWord('"Sales"."Lines"')).toBe('lines');
    expect(tableWord('lines')).toBe('lines');
    expect(wordsOf('SELECT sum(amount) FROM Lines l JOIN regions r USING (region)').has('lines')).toBe(true);
  });

  it('holds reads of a table while a write applies to it, and only those', async () => {
    const driver = warehouse(false);
    const events: string[] = [];
    const open = await closeForWrite(driver, 'main.lines');
    const blocked = gatedRead(driver, new Set(['lines']), async () => void events.push('lines read'));
    const other = gatedRead(driver, new Set(['regions']), async () => void events.push('regions read'));
    await other;
    await tick();
    expect(events).toEqual(['regions read']);
    open();
    await blocked;
    expect(events).toEqual(['regions read', 'lines read']);
  });

  it('lets a write apply only after the reads of its table already running', async () => {
    const driver = warehouse(false);
    const events: string[] = [];
    let finishRead!: () => void;
    const reading = gatedRead(driver, new Set(['lines']), () =>
      new Promise<void>((resolve) => (finishRead = resolve)).then(() => void events.push('read done')),
    );
    await tick();
    const closing = closeForWrite(driver, 'lines').then((open) => {
      events.push('write applies');
      return open;
    });
    await tick();
    expect(events).toEqual([]);
    finishRead();
    (await closing)();
    await reading;
    expect(events).toEqual(['read done', 'write applies']);
  });

  it('keeps reads waiting until every write of tables sharing the name has ended', async () => {
    const driver = warehouse(false);
    const events: string[] = [];
    const openSales = await closeForWrite(driver, 'sales.lines');
    const openHr = await closeForWrite(driver, 'hr.lines');
    const read = gatedRead(driver, new Set(['lines']), async () => void events.push('read'));
    openSales();
    await tick();
    expect(events).toEqual([]);
    openHr();
    await read;
    expect(events).toEqual(['read']);
  });

  it('does not gate engines with transactions', async () => {
    const driver = warehouse(true);
    const open = await closeForWrite(driver, 'lines');
    await expect(gatedRead(driver, new Set(['lines']), async () => 'read')).resolves.toBe('read');
    open();
  });
});
