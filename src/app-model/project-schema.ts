import { z } from 'zod';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and _ only, starting with a letter or _');
const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

export const duckdbWarehouseSchema = z.strictObject({
  type: z.literal('duckdb').describe('Embedded DuckDB warehouse (the default).'),
  path: z.string().min(1).default('warehouse.duckdb').describe('Database file, relative to the data folder.'),
});

export const warehouseSchema = z.discriminatedUnion('type', [duckdbWarehouseSchema]);

export const userSchema = z.strictObject({
  username: identifier.describe('Login name.'),
  displayName: z.string().min(1).optional(),
  passwordHash: z
    .string()
    .regex(/^scrypt\$/, 'must be an scrypt hash made by `roundtrip hash-password`, never a plain password')
    .describe('scrypt$N$r$p$salt$hash from `roundtrip hash-password`.'),
  roles: z.array(identifier).min(1).describe('Role names declared under roles.'),
  attributes: z.record(identifier, attributeValue).default({}).describe('Values policies read as user.<name>, e.g. entities.'),
});

export const projectSchema = z.strictObject({
  name: z.string().min(1).describe('Project title shown in the UI.'),
  warehouse: warehouseSchema.default({ type: 'duckdb', path: 'warehouse.duckdb' }),
  seed: z
    .strictObject({
      whenMissing: z.string().min(1).describe('Run the scripts when this table does not exist yet.'),
      scripts: z.array(z.string().min(1)).min(1).describe('SQL files, relative to the project folder, run in order.'),
    })
    .optional()
    .describe('Data generated on first start (demo projects).'),
  audit: z
    .strictObject({ schema: identifier.default('roundtrip_audit').describe('Warehouse schema holding the audit tables.') })
    .default({ schema: 'roundtrip_audit' }),
  roles: z
    .record(identifier, z.strictObject({ description: z.string().optional() }))
    .refine((roles) => Object.keys(roles).length > 0, 'declare at least one role')
    .describe('Role names apps and policies refer to.'),
  users: z.array(userSchema).default([]).describe('Local users of the embedded identity store.'),
});

export type ProjectConfig = z.infer<typeof projectSchema>;
export type UserConfig = z.infer<typeof userSchema>;
