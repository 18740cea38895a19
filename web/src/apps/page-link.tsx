import { CopyButton } from '../ui/copy-button';
import { addressOf } from './address-params';
import { usePage } from './page-context';
import { pageAddress } from './use-hash-route';

/** "Copy link": the page's shareable address, with the filter values shown now. */
export function PageLink() {
  const { app, page, variables, locked } = usePage();
  return <CopyButton text={pageAddress(app.name, page.id, addressOf(page, variables, locked))} label="Copy link" testId="copy-page-link" />;
}
