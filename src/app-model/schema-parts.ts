import { z } from 'zod';

/** Names that become SQL identifiers or config keys: letters, digits and `_`, not starting with a digit. */
export const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and _ only, starting with a letter or _');
