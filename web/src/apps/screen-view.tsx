import { AdminChangesScreen } from '../admin/admin-changes-screen';
import { ApprovalsScreen } from '../approvals/approvals-screen';
import { UsersScreen } from '../admin/users-screen';
import { RulesEditorScreen } from '../definitions/rules-editor-screen';
import { TokensScreen } from '../tokens/tokens-screen';
import type { Screen } from './use-hash-route';

const TITLES: Record<Screen | 'unknown', string> = {
  users: 'Users',
  'admin-changes': 'Admin changes',
  'rules-editor': 'Rules editor',
  tokens: 'API tokens',
  approvals: 'Approvals',
  changesets: 'Changesets',
  unknown: 'Not found',
};

export function screenTitle(screen: Screen | 'unknown'): string {
  return TITLES[screen];
}

export function ScreenView({ screen, item, isAdmin, self }: { screen: Screen | 'unknown'; item: string | null; isAdmin: boolean; self: string }) {
  if (screen === 'tokens') return <TokensScreen />;
  if (screen === 'approvals') return <ApprovalsScreen item={item} isAdmin={isAdmin} />;
  if (screen === 'unknown' || screen === 'changesets') {
    return (
      <div className="page">
        <p className="muted">There is no such page. Pick an app or a screen from the menu.</p>
      </div>
    );
  }
  if (!isAdmin) {
    return (
      <div className="page">
        <p className="notice">Only users with the admin role may open {TITLES[screen].toLowerCase()}.</p>
      </div>
    );
  }
  if (screen === 'rules-editor') return <RulesEditorScreen />;
  return screen === 'users' ? <UsersScreen self={self} /> : <AdminChangesScreen />;
}
