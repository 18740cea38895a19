import { describe, expect, it } from 'vitest';
import type { ResolvedProject } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import type { ChangeEvent } from '../writeback/change-event.js';
import { visibleNotice } from './visible-change.js';

const user = (username: string, roles: string[], apps?: string[]): Principal => ({
  id: username,
  username,
  displayName: username,
  roles,
  attributes: {},
  apps,
});
const project = {
  apps: new Map([
    ['close', { name: 'close', config: { roles: ['accountant', 'director', 'partner'] } }],
    ['budget', { name: 'budget', config: { roles: ['partner'] } }],
  ]),
} as unknown as ResolvedProject;
const event: ChangeEvent = {
  app: 'close',
  table: '',
  qualifiedTable: '',
  changesetId: 'n1',
  user: 'alex',
  keys: [],
  rows: [],
  notice: {
    noticeId: 'n1',
    appTitle: 'Close',
    action: 'Close the month',
    message: 'Closed',
    by: 'Alex',
    roles: ['director', 'accountant'],
    at: '2026-12-05T00:00:00Z',
  },
};

describe('visibleNotice', () => {
  it('tells the holders of its roles who may open its app, not the one who ran the action', () => {
    expect(visibleNotice(project, user('dana', ['director']), event)).toMatchObject({ noticeId: 'n1', app: 'close', message: 'Closed', by: 'Alex' });
    expect(visibleNotice(project, user('sam', ['accountant']), event)).toBeDefined();
    expect(visibleNotice(project, user('alex', ['accountant']), event)).toBeUndefined();
    // A role of the app but not of the notice; a role of the notice but an app limit without the app.
    expect(visibleNotice(project, user('pat', ['partner']), event)).toBeUndefined();
    expect(visibleNotice(project, user('emb', ['director'], ['budget']), event)).toBeUndefined();
    // The app is gone (reloaded without it): nobody.
    expect(visibleNotice({ apps: new Map() } as unknown as ResolvedProject, user('dana', ['director']), event)).toBeUndefined();
  });
});
