import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StartupScreen } from './features/ledger/StartupScreen';
import { DEFAULT_DB_NAME } from './db/database';
import { handOverLedger, isHandoverPage } from './originMove';
import { startApp } from './startup';
import './styles/app.css';

if (isHandoverPage()) {
  // The old file:// page, opened hidden by the main process: hand the ledger over, start nothing.
  void handOverLedger(DEFAULT_DB_NAME);
} else {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  void startApp().then((outcome) => {
    root.render(<StrictMode>{outcome.kind === 'ready' ? <App /> : <StartupScreen outcome={outcome} />}</StrictMode>);
  });
}
