// The renderer's entry: i18n in the remembered (or default) language, then the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app.tsx';
import { initI18n } from './i18n.ts';
import { useLanguage } from './stores/language-store.ts';

const i18n = initI18n(useLanguage.getState().language);
document.documentElement.lang = useLanguage.getState().language;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
