import { z } from 'zod';

/** Payloads of the live stream (`GET /api/events`) and of the comment and presence routes. */

const key = z.record(z.string(), z.unknown());

export const changeEventSchema = z.strictObject({
  app: z.string(),
  table: z.string(),
  keys: z.array(key),
  changesetId: z.string(),
  user: z.string().describe('Username of the author.'),
});

export const commentEventSchema = z.strictObject({
  app: z.string(),
  table: z.string(),
  key,
  commentId: z.string(),
  action: z.enum(['added', 'deleted']),
  user: z.string(),
});

export const noticeEventSchema = z.strictObject({
  noticeId: z.string(),
  app: z.string(),
  appTitle: z.string(),
  action: z.string().describe('Title of the action whose notify step sent it.'),
  message: z.string(),
  by: z.string().describe('Display name of who ran the action.'),
  at: z.string(),
});

export const presenceListSchema = z.strictObject({
  app: z.string(),
  others: z.array(
    z.strictObject({
      userId: z.string(),
      displayName: z.string(),
      page: z.string(),
      editing: z
        .strictObject({ block: z.string(), table: z.string(), key })
        .optional()
        .describe('The row whose editor they have open: only when the recipient may read that row.'),
    }),
  ),
});

export const rowCommentSchema = z.strictObject({
  id: z.string(),
  key,
  user: z.string().describe("The author's user id."),
  displayName: z.string(),
  createdAt: z.string(),
  text: z.string(),
  mentions: z.array(z.string()),
  own: z.boolean().describe('Written by the signed-in user (who may delete it).'),
});

export const commentThreadSchema = z.strictObject({ key, canComment: z.boolean(), comments: z.array(rowCommentSchema) });
export const commentCountsSchema = z.strictObject({ counts: z.array(z.strictObject({ key, count: z.number().int() })) });
export const commentPostResultSchema = z.strictObject({ comment: rowCommentSchema });
export const commentDeleteResultSchema = z.strictObject({ deleted: z.string() });
export const peopleResponseSchema = z.strictObject({
  people: z.array(z.strictObject({ username: z.string(), displayName: z.string() })),
  self: z.string(),
});

export const approvalEventSchema = z.strictObject({
  requestId: z.string(),
  app: z.string(),
  table: z.string(),
  action: z.enum(['submitted', 'approved', 'rejected', 'withdrawn', 'applied', 'escalated', 'expired', 'conflict']),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'conflict', 'expired', 'applied']),
  user: z.string().describe('Username of who acted ((system) for escalation and expiry).'),
});
