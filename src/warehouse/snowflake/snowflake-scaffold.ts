import type { EngineScaffold } from '../engine-scaffold.js';

/** `roundtrip init --warehouse snowflake`: a warehouse block reading the account, login and key from the environment. */
export const snowflakeScaffold: EngineScaffold = {
  help: 'a Snowflake warehouse block: account, user, warehouse and database from SNOWFLAKE_* variables, password from SNOWFLAKE_PASSWORD',
  warehouse: {
    block: {
      type: 'snowflake',
      account: { env: 'SNOWFLAKE_ACCOUNT' },
      username: { env: 'SNOWFLAKE_USER' },
      authenticator: { type: 'password', password: { env: 'SNOWFLAKE_PASSWORD' } },
      warehouse: { env: 'SNOWFLAKE_WAREHOUSE' },
      database: { env: 'SNOWFLAKE_DATABASE' },
      schema: 'PUBLIC',
    },
    comment:
      ' For key pair login: `authenticator: { type: keyPair, privateKeyFile: rsa_key.p8, passphrase: { env: SNOWFLAKE_KEY_PASSPHRASE } }`; see README (Supported warehouses).',
  },
};
