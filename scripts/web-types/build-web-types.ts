import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { z } from 'zod';
import { WEB_CONTRACT } from '../../src/contract/index.js';

/** Where the generated contract types live, relative to the repository root. */
export const WEB_TYPES_FILE = 'web/src/api/generated/contract.ts';

const BANNER = `/**
 * Generated from the zod schemas of the server (src/contract, the request schemas and the app schema).
 * Do not edit: run \`npm run generate:web-types\`.
 */
/* eslint-disable */
`;

/** The TypeScript of every type in WEB_CONTRACT, as committed in WEB_TYPES_FILE. */
export async function buildWebTypes(): Promise<string> {
  const parts: string[] = [];
  for (const [name, { schema, io }] of Object.entries(WEB_CONTRACT)) {
    const jsonSchema = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-7' }) as JSONSchema;
    delete jsonSchema.$schema;
    const ts = await compile(jsonSchema, name, {
      bannerComment: '',
      additionalProperties: false,
      ignoreMinAndMaxItems: true,
      strictIndexSignatures: false,
      unknownAny: true,
    });
    parts.push(ts.trim());
  }
  return `${BANNER}\n${parts.join('\n\n')}\n`;
}
