import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StartupScreen } from './features/ledger/StartupScreen';
import { DEFAULT_DB_NAME } from './db/database';
import { handOverLedger, isHandoverPage } from './originMove';
import { startApp } from './startup';
import './styles/app.css';

if (isHandoverPage()) {
  // The old file:// page, opened once by the main process: hand the ledger over, start nothing else.
  createRoot(document.getElementById('root') as HTMLElement).render(
    <main className="startup-stop" role="status" aria-live="polite">
      <div className="startup-stop-body">
        <h1>Moving your ledger…</h1>
        <p>This version keeps the ledger under its own page. It is being copied there once, with a copy in the backups folder; the app opens when it is done.</p>
      </div>
    </main>,
  );
  void handOverLedger(DEFAULT_DB_NAME);
} else {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  void startApp().then((outcome) => {
    root.render(<StrictMode>{outcome.kind === 'ready' ? <App /> : <StartupScreen outcome={outcome} />}</StrictMode>);
  });
}
