import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { adoptPageAddress } from './apps/use-hash-route';
import { untilFirstViewArrives } from './first-view/first-view-state';
import './styles/base.css';
import './styles/login.css';
import './styles/shell.css';
import './styles/blocks.css';
import './styles/grid.css';
import './styles/matrix.css';
import './styles/comments.css';
import './styles/forms.css';
import './styles/dialog.css';
import './styles/user-menu.css';
import './styles/time-travel.css';
import './styles/preview.css';
import './styles/dataset-sql.css';
import './styles/audit-views.css';
import './styles/admin.css';
import './styles/rules-editor.css';
import './styles/tokens.css';
import './styles/approvals.css';
import './styles/activity.css';
import './styles/embed.css';
import './styles/toasts.css';
import './styles/phone.css';

adoptPageAddress();
const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element');

// The app's first render holds the main thread for a while: the page-opening answer, when it is on
// its way, is let in first, so the early script paints the KPI values as soon as it lands.
void untilFirstViewArrives().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
