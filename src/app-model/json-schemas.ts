import { z } from 'zod';
import { appSchema } from './app-schema.js';
import { projectSchema } from './project-schema.js';

/** JSON Schemas of the config files for editors, generated from the schemas the loader uses. */
export function buildJsonSchemas(): Record<string, string> {
  const render = (schema: z.ZodType) => `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
  return { 'project.schema.json': render(projectSchema), 'app.schema.json': render(appSchema) };
}
