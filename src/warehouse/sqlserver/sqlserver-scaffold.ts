import type { EngineScaffold } from '../engine-scaffold.js';

/** `roundtrip init --warehouse sqlserver`: a warehouse block whose server, database and login come from the environment. */
export const sqlserverScaffold: EngineScaffold = {
  help: 'a SQL Server or Azure SQL warehouse block reading MSSQL_SERVER, MSSQL_DATABASE, MSSQL_USER and MSSQL_PASSWORD',
  warehouse: {
    block: {
      type: 'sqlserver',
      server: { env: 'MSSQL_SERVER' },
      database: { env: 'MSSQL_DATABASE' },
      user: { env: 'MSSQL_USER' },
      password: { env: 'MSSQL_PASSWORD' },
    },
    comment:
      ' TLS is always on: add `caFile: certs/ca.pem` for a server whose certificate a private authority signed; for Microsoft Entra ID replace user and password with `accessToken: { env: MSSQL_ACCESS_TOKEN }`. See README (Supported warehouses).',
  },
};
