import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors/index.js';

/** A value given inline or read from an environment variable at start (`{ env: NAME }`). */
export const fromEnv = z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'environment variable names are upper case') });
export const configText = z.union([z.string().min(1), fromEnv]);

export type ConfigText = string | { env: string };

/** Where a connection's relative paths resolve, and the environment its `{ env }` values come from. */
export interface ConnectionContext {
  /** Data files (embedded databases). */
  dataDir: string;
  /** Files named in roundtrip.yaml (e.g. a TLS certificate authority). */
  projectDir: string;
  env: NodeJS.ProcessEnv;
}

/** The value of a config text: inline, or the environment variable it names (which must be set). */
export function readConfigText(value: ConfigText, field: string, env: NodeJS.ProcessEnv): string {
  if (typeof value === 'string') return value;
  const found = env[value.env];
  if (found === undefined || found === '')
    throw new AppError('CFG_INVALID', `roundtrip.yaml: ${field} reads environment variable ${value.env}, which is not set.`, { field });
  return found;
}

/**
 * A PEM file named in roundtrip.yaml (a certificate authority, a private key):
 * its text, or a CFG_INVALID naming `field` when it cannot be read or holds
 * no `what` (checked by `marker` on its BEGIN line).
 */
export function readPemFile(path: string, field: string, marker: RegExp, what: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError(
      'CFG_INVALID',
      `roundtrip.yaml: ${field} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      { field },
    );
  }
  if (!marker.test(pem)) throw new AppError('CFG_INVALID', `roundtrip.yaml: ${field} ${path} holds no ${what}.`, { field });
  return pem;
}

/** A PEM certificate (authority) file. */
export const readCertificateFile = (path: string, field: string) => readPemFile(path, field, /-----BEGIN CERTIFICATE-----/, 'PEM certificate');
