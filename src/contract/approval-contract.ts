import { z } from 'zod';

/** Responses of the approval routes (approval-routes.ts) the inbox lists read. */

export const requestSummarySchema = z.strictObject({
  requestId: z.string(),
  app: z.string(),
  table: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'conflict', 'expired', 'applied']),
  amount: z.number(),
  route: z.array(z.string()).describe('Level names in order.'),
  currentLevel: z.string().nullable().describe('The level waiting for approval; null once the request is closed.'),
  changeCount: z.number().int(),
  reason: z.string().nullable(),
  resubmits: z.string().nullable(),
  changesetId: z.string().nullable(),
  updatedAt: z.string(),
});

export const requestListSchema = z.strictObject({ requests: z.array(requestSummarySchema) });
