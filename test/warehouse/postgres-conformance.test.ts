import { afterAll, beforeAll } from 'vitest';
import { runConformance } from '../../src/warehouse/conformance/run-conformance.js';
import { PostgresDriver } from '../../src/warehouse/postgres/postgres-driver.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

runConformance({
  name: 'PostgreSQL (real server started by the test run)',
  createDriver: () => PostgresDriver.connect({ host: db.host, port: db.port, database: db.database, user: db.user }),
  slowQuery: 'SELECT pg_sleep(30)',
});
