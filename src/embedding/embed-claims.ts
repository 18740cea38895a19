import { z } from 'zod';

const attributeValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.array(z.union([z.string().max(1000), z.number()])).max(1000)]);
const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _');

/**
 * The claims of an embed token, past its signature and time checks: who the
 * viewer is in the host product, what they may open and the page parameters
 * the host locks (the viewer cannot change them; row policies read tenancy
 * from `attributes`).
 */
export const embedClaimsSchema = z.looseObject({
  iss: z.string().min(1).max(128).describe('The embedding name in roundtrip.yaml (embeddings.<name>).'),
  sub: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._@:+-]+$/, 'letters, digits and . _ @ : + -')
    .describe("The viewer's id in the host product."),
  name: z.string().min(1).max(200).optional().describe('Display name.'),
  email: z.email().optional(),
  roles: z.array(name).min(1).max(20),
  attributes: z.record(name, attributeValue).default({}),
  app: z.string().min(1).max(128),
  page: z.string().min(1).max(128).optional(),
  params: z
    .record(name, z.union([z.string().max(1000), z.number(), z.boolean()]))
    .default({})
    .describe('Locked page parameters, e.g. { company: "C042" }.'),
  iat: z.number(),
  exp: z.number(),
});

export type EmbedClaims = z.infer<typeof embedClaimsSchema>;
