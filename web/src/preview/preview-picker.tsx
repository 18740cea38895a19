import { fetchUsers } from '../api/admin-endpoints';
import { useLoad } from '../ui/use-load';
import { usePreview } from './preview-context';

/** Header control for admins: pick a user to see the apps exactly as they do. */
export function PreviewPicker({ self }: { self: string }) {
  const { previewAs, start } = usePreview();
  const users = useLoad((signal) => fetchUsers(signal), []);
  const candidates = (users.value ?? []).filter((u) => u.username !== self && !u.disabled);

  return (
    <label className="preview-picker" title="See the apps as another user sees them (read-only)">
      <span className="sr-only">Preview as</span>
      <select
        data-testid="preview-picker"
        value=""
        // Users created since the list loaded should be pickable without a page reload.
        onFocus={users.retry}
        onChange={(e) => {
          if (e.target.value) start(e.target.value);
        }}
      >
        <option value="">{previewAs ? `Previewing ${previewAs}` : 'Preview as…'}</option>
        {users.error ? <option disabled>Could not load users</option> : null}
        {candidates.map((u) => (
          <option key={u.username} value={u.username}>
            {u.displayName ? `${u.displayName} (${u.username})` : u.username}
          </option>
        ))}
      </select>
    </label>
  );
}
