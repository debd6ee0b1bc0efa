// The bar above every screen: the till, its state, sync with the ledger server, who is
// logged in, language, help, logout. Below 1 280 px it says less (styles.css): the till's
// name, the sync's second line and the role give way, help becomes "?".
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../shared/money/format.ts';
import { uiLanguages } from '../i18n.ts';
import { useAuth } from '../stores/auth-store.ts';
import { useLanguage } from '../stores/language-store.ts';
import { useSystem } from '../stores/system-store.ts';
import { useTill } from '../stores/till-store.ts';
import { useUi } from '../stores/ui-store.ts';
import { SyncIndicator } from './sync-indicator.tsx';
import { PrintQueueIndicator } from './print-queue-indicator.tsx';

const languageNames: Record<UiLanguage, 'header.french' | 'header.english'> = { fr: 'header.french', en: 'header.english' };

function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const choose = useLanguage((s) => s.choose);
  return (
    <div className="language-switch" role="group" aria-label={t('header.language')}>
      {uiLanguages.map((l) => (
        <button
          key={l}
          type="button"
          className="chip"
          aria-pressed={language === l}
          aria-label={t(languageNames[l])}
          lang={l}
          onClick={() => choose(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

function SessionBadge() {
  const { t } = useTranslation();
  const session = useTill((s) => s.session);
  if (!session) return null;
  const isOpen = session.status === 'open' && session.session !== null;
  return (
    <span className={`badge ${isOpen ? 'badge-open' : 'badge-closed'}`} data-testid="session-status" data-status={session.status}>
      {isOpen ? t('header.sessionOpen', { number: session.session!.number }) : t('header.sessionClosed')}
    </span>
  );
}

export function Header() {
  const { t } = useTranslation();
  const info = useSystem((s) => s.info);
  const user = useAuth((s) => s.user);
  const logout = useAuth((s) => s.logout);
  const setHelpOpen = useUi((s) => s.setHelpOpen);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        {info && (
          <span className="brand-till">
            {info.institution.name} · {t('header.till', { till: info.till.name, pointOfSale: info.till.pointOfSaleName })}
          </span>
        )}
      </div>
      {user && <SessionBadge />}
      <div className="header-tools">
        <SyncIndicator />
        {user && <PrintQueueIndicator />}
        {user && (
          <span className="user" data-testid="current-user">
            <span className="user-name">{user.name}</span>
            <span className="user-role">{t(`roles.${user.role}`)}</span>
          </span>
        )}
        <LanguageSwitch />
        {user && (
          // a "?" where the window is narrow (styles.css), the same name for the keyboard and screen readers
          <button type="button" className="button button-ghost header-help" aria-label={t('header.help')} title={t('header.help')} onClick={() => setHelpOpen(true)}>
            <span className="header-help-text" aria-hidden="true">{t('header.help')}</span>
            <span className="header-help-icon" aria-hidden="true">?</span>
          </button>
        )}
        {user && (
          <button type="button" className="button button-ghost" onClick={() => void logout()}>
            {t('header.logout')}
          </button>
        )}
      </div>
    </header>
  );
}
