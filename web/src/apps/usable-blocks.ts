import type { AppDetail, BlockSpec, PageSpec } from '../api/types';

/**
 * Whether the person can ever use a block: a form they may not submit and a
 * button whose action they may not run are hidden, not shown disabled.
 * Everything that shows data stays (its own read policy decides the rows).
 */
export function blockUsable(block: BlockSpec, app: AppDetail): boolean {
  if (block.type === 'form') {
    const table = app.tables[block.table];
    if (!table) return false;
    const approve = (block.submit ?? (table.approvals ? 'approve' : 'write')) === 'approve';
    return approve ? table.canSubmitInsert === true : table.canInsert;
  }
  if (block.type === 'button') return app.actions[block.action]?.allowed === true;
  return true;
}

/** A page is listed when it holds something usable beyond text: a page that is only a form the person may not submit is not. */
export function pageUsable(page: PageSpec, app: AppDetail): boolean {
  return page.blocks.some((block) => block.type !== 'text' && blockUsable(block, app));
}
