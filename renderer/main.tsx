import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StartupScreen } from './features/ledger/StartupScreen';
import { startApp } from './startup';
import './styles/app.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

void startApp().then((outcome) => {
  root.render(<StrictMode>{outcome.kind === 'ready' ? <App /> : <StartupScreen outcome={outcome} />}</StrictMode>);
});
