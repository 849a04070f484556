import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startApp } from './startup';
import './styles/app.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

void startApp().then(() => {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
