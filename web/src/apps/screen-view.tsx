import { AdminChangesScreen } from '../admin/admin-changes-screen';
import { UsersScreen } from '../admin/users-screen';
import { TokensScreen } from '../tokens/tokens-screen';
import type { Screen } from './use-hash-route';

const TITLES: Record<Screen | 'unknown', string> = {
  users: 'Users',
  'admin-changes': 'Admin changes',
  tokens: 'API tokens',
  unknown: 'Not found',
};

export function screenTitle(screen: Screen | 'unknown'): string {
  return TITLES[screen];
}

export function ScreenView({ screen, isAdmin, self }: { screen: Screen | 'unknown'; isAdmin: boolean; self: string }) {
  if (screen === 'tokens') return <TokensScreen />;
  if (screen === 'unknown') {
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
  return screen === 'users' ? <UsersScreen self={self} /> : <AdminChangesScreen />;
}
