import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResolvedApp, ResolvedTable } from '../../app-model/index.js';
import { parseMentions, validateCommentBody } from '../../comments/comment-body.js';
import { mayComment, mayReadRow } from '../../comments/comment-policy.js';
import { countComments, deleteComment, fetchComment, fetchThread, insertComment, type StoredComment } from '../../comments/comment-store.js';
import { AppError } from '../../errors/index.js';
import { principalOf } from '../../governance/identity/local-users.js';
import { fetchUser, fetchUsers } from '../../governance/identity/user-store.js';
import { rowNotFound } from '../../governance/policies/index.js';
import { canOpenApp, type Principal } from '../../governance/principal.js';
import type { ChangeBus } from '../../live/change-bus.js';
import { fetchRowsByKey } from '../../query/index.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { coerceValue, type CanonicalValue } from '../../warehouse/coerce-value.js';
import type { Row } from '../../warehouse/driver.js';
import { formatRowKey, rowKeyOf } from '../../writeback/row-key.js';
import { uuid7 } from '../../writeback/uuid7.js';
import { parseInput } from '../parse-input.js';
import { resolveRequestApp, resolveRequestTable } from './app-routes.js';

const keyValue = z.union([z.string().max(1000), z.number()]);
const rowKeySchema = z.record(z.string().max(128), keyValue);
const threadQuery = z.strictObject({ key: z.string().min(2).max(2000) });
export const commentBodySchema = z.strictObject({
  key: rowKeySchema.describe('The row key, e.g. {"line_id": 12}.'),
  text: z.string().max(10_000).describe('1 to 2,000 characters; @username mentions a user who may read the row.'),
});
const commentParams = z.looseObject({ commentId: z.string().regex(/^[0-9a-f-]{36}$/, 'a comment id') });
const peopleQuery = z.strictObject({ q: z.string().max(128).optional() });
/** People listed per lookup at most. */
const PEOPLE_LIMIT = 20;

/** A comment as clients see it. */
function clientComment(comment: StoredComment, principal: Principal) {
  return {
    id: comment.id,
    key: JSON.parse(comment.rowKey) as Record<string, unknown>,
    user: comment.userId,
    displayName: comment.displayName,
    createdAt: comment.createdAt,
    text: comment.body,
    mentions: comment.mentions,
    own: comment.userId === principal.id,
  };
}

/**
 * Comment threads on rows of writable tables with `comments`: read with the
 * row (read policies), written under the comment policy, kept in the audit
 * schema's `row_comments`, and pushed live to the viewers who may read the row.
 */
export function commentRoutes(runtime: ProjectRuntime, bus: ChangeBus) {
  const schema = () => runtime.current().config.audit.schema;

  const resolve = (request: FastifyRequest) => {
    const { app, principal } = resolveRequestApp(runtime, request, request.params);
    const table = resolveRequestTable(app, request.params);
    if (!table.comments) throw new AppError('CMT_FORBIDDEN', `${table.title} takes no comments.`, { table: table.name });
    return { app, table, principal };
  };

  /** The canonical key, refused unless it names exactly the key columns. */
  const canonicalKey = (table: ResolvedTable, input: unknown) => {
    const keyObject = parseInput(rowKeySchema, input, 'key');
    const given = Object.keys(keyObject);
    if (given.length !== table.key.length || !table.key.every((k) => given.includes(k))) {
      throw new AppError('WB_INVALID_KEY', `key must have exactly the columns ${table.key.join(', ')}.`);
    }
    return Object.fromEntries<CanonicalValue>(
      table.key.map((k) => {
        const coerced = coerceValue(keyObject[k], table.columnByName.get(k)!.type);
        if (!coerced.ok) throw new AppError('WB_INVALID_KEY', `key ${k}: ${coerced.message}.`);
        return [k, coerced.value];
      }),
    );
  };

  /** The row as the user reads it now; one 404 for missing and unreadable. */
  const readableRow = async (table: ResolvedTable, principal: Principal, key: Record<string, CanonicalValue>) => {
    const [row] = await fetchRowsByKey(runtime.warehouse, table, principal, [key], runtime.identityFor(principal));
    const rowKey = formatRowKey(table, key);
    if (!row) throw rowNotFound(table, JSON.parse(rowKey) as Record<string, unknown>);
    return { row, rowKey };
  };

  /** Mentioned users who may read the row; any other name refuses the comment. */
  const resolveMentions = async (app: ResolvedApp, table: ResolvedTable, row: Row, usernames: string[]) => {
    const unknown: string[] = [];
    for (const username of usernames) {
      const user = await fetchUser(runtime.system, username);
      if (!user || user.disabled || !mayReadRow(app, table, principalOf(user), row)) unknown.push(username);
    }
    if (unknown.length) {
      throw new AppError('CMT_UNKNOWN_MENTION', `No user who may read this row is called ${unknown.map((u) => `@${u}`).join(', ')}.`, {
        usernames: unknown,
      });
    }
  };

  const publish = (app: ResolvedApp, table: ResolvedTable, principal: Principal, row: Row, id: string, action: 'added' | 'deleted') => {
    const key = JSON.parse(rowKeyOf(table, row)) as Record<string, unknown>;
    bus.publish({
      app: app.name,
      table: table.name,
      qualifiedTable: table.qualifiedName,
      changesetId: id,
      user: principal.username,
      keys: [key],
      rows: [row],
      comment: { id, action },
    });
  };

  return async (server: FastifyInstance) => {
    server.get('/api/apps/:app/tables/:table/comments', async (request) => {
      const { app, table, principal } = resolve(request);
      const { key: keyText } = parseInput(threadQuery, request.query, 'query string');
      const key = canonicalKey(table, parseKeyText(keyText));
      const { row, rowKey } = await readableRow(table, principal, key);
      const comments = await fetchThread(runtime.warehouse, schema(), app.name, table.name, rowKey);
      return {
        key: JSON.parse(rowKey) as Record<string, unknown>,
        canComment: mayComment(table, principal, row),
        comments: comments.map((c) => clientComment(c, principal)),
      };
    });

    server.get('/api/apps/:app/tables/:table/comments/counts', async (request) => {
      const { app, table, principal } = resolve(request);
      parseInput(z.strictObject({}), request.query ?? {}, 'query string');
      const counts = await countComments(runtime.warehouse, schema(), app.name, table.name);
      const keys = [...counts.keys()].map((text) => canonicalKey(table, JSON.parse(text)));
      // Only rows the user may read now: a count says that a row exists.
      const rows = await fetchRowsByKey(runtime.warehouse, table, principal, keys, runtime.identityFor(principal));
      return {
        counts: rows.flatMap((row) => {
          const rowKey = rowKeyOf(table, row);
          const count = counts.get(rowKey);
          return count ? [{ key: JSON.parse(rowKey) as Record<string, unknown>, count }] : [];
        }),
      };
    });

    server.post('/api/apps/:app/tables/:table/comments', async (request, reply) => {
      const { app, table, principal } = resolve(request);
      const body = parseInput(commentBodySchema, request.body ?? {}, 'comment');
      const text = validateCommentBody(body.text);
      const key = canonicalKey(table, body.key);
      const { row, rowKey } = await readableRow(table, principal, key);
      if (!mayComment(table, principal, row)) {
        throw new AppError('CMT_FORBIDDEN', `You may not comment on this row of ${table.title}.`, { key: JSON.parse(rowKey) as Record<string, unknown> });
      }
      const mentions = parseMentions(text);
      await resolveMentions(app, table, row, mentions);
      const comment: StoredComment = {
        id: uuid7(),
        app: app.name,
        table: table.name,
        rowKey,
        userId: principal.id,
        displayName: principal.displayName,
        createdAt: new Date().toISOString(),
        body: text,
        mentions,
      };
      await insertComment(runtime.warehouse, schema(), comment);
      publish(app, table, principal, row, comment.id, 'added');
      return reply.code(201).send({ comment: clientComment(comment, principal) });
    });

    server.delete('/api/apps/:app/tables/:table/comments/:commentId', async (request) => {
      const { app, table, principal } = resolve(request);
      const { commentId } = parseInput(commentParams, request.params, 'path');
      const comment = await fetchComment(runtime.warehouse, schema(), app.name, table.name, commentId);
      const notFound = () => new AppError('CMT_NOT_FOUND', `No comment ${commentId} on a row of ${table.title} that you may read.`, { commentId });
      if (!comment) throw notFound();
      const key = canonicalKey(table, JSON.parse(comment.rowKey));
      const [row] = await fetchRowsByKey(runtime.warehouse, table, principal, [key], runtime.identityFor(principal));
      if (!row) throw notFound();
      if (comment.userId !== principal.id) throw new AppError('CMT_NOT_AUTHOR', 'You may delete only your own comments.', { commentId });
      await deleteComment(runtime.warehouse, schema(), commentId);
      publish(app, table, principal, row, commentId, 'deleted');
      return { deleted: commentId };
    });

    server.get('/api/apps/:app/people', async (request) => {
      const { app, principal } = resolveRequestApp(runtime, request, request.params);
      const { q } = parseInput(peopleQuery, request.query ?? {}, 'query string');
      const needle = (q ?? '').toLowerCase();
      const users = await fetchUsers(runtime.system);
      const people = users
        .filter((user) => !user.disabled && canOpenApp(principalOf(user), app))
        .map((user) => ({ username: user.username, displayName: user.displayName ?? user.username }))
        .filter((person) => !needle || person.username.toLowerCase().includes(needle) || person.displayName.toLowerCase().includes(needle))
        .slice(0, PEOPLE_LIMIT);
      return { people, self: principal.username };
    });
  };
}

function parseKeyText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('REQ_INVALID', 'key must be the JSON of the row key, e.g. {"line_id":12}.');
  }
}
