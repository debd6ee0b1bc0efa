// The till's shell: loading, login, then header + navigation + the current screen, with
// the global shortcuts (F1 help, Alt+letter screens).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './components/error-alert.tsx';
import { Header } from './components/header.tsx';
import { HelpOverlay } from './components/help-overlay.tsx';
import { isModalOpen } from './components/modal.tsx';
import { NavBar } from './components/nav-bar.tsx';
import { NoticeBanner } from './components/notice-banner.tsx';
import { AccountReportsScreen } from './screens/account-reports-screen.tsx';
import { AuditScreen } from './screens/audit-screen.tsx';
import { ClosingScreen } from './screens/closing-screen.tsx';
import { CreditScreen } from './screens/credit-screen.tsx';
import { DeferredScreen } from './screens/deferred-screen.tsx';
import { OpenTillScreen } from './screens/open-till-screen.tsx';
import { OrdersScreen } from './screens/orders-screen.tsx';
import { SellingScreen } from './screens/selling-screen.tsx';
import { SyncScreen } from './screens/sync-screen.tsx';
import { PrintQueueScreen } from './screens/print-queue-screen.tsx';
import { PrintersScreen } from './screens/printers-screen.tsx';
import { XReportScreen } from './screens/x-report-screen.tsx';
import { ZReportsScreen } from './screens/z-reports-screen.tsx';
import { ConfigurationScreen } from './configuration/configuration-screen.tsx';
import { LoginOrSetup } from './configuration/first-start.tsx';
import { helpChord, matches, screenShortcuts } from './shortcuts.ts';
import { useAuth } from './stores/auth-store.ts';
import { useSystem } from './stores/system-store.ts';
import { useIsTillOpen } from './stores/till-store.ts';
import { useUi, type Screen } from './stores/ui-store.ts';
import { assertNever } from '../shared/assert.ts';

function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const ui = useUi.getState();
      if (matches(event, helpChord)) {
        event.preventDefault();
        if (ui.isHelpOpen) ui.setHelpOpen(false);
        else if (!isModalOpen()) ui.setHelpOpen(true);
        return;
      }
      if (isModalOpen()) return;
      const permissions = useAuth.getState().permissions;
      const target = screenShortcuts.find((s) => matches(event, s.chord) && permissions.includes(s.permission));
      if (!target) return;
      event.preventDefault();
      ui.go(target.screen);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

function CurrentScreen({ screen }: { screen: Screen }) {
  const isOpen = useIsTillOpen();
  const { t } = useTranslation();
  const maySell = useAuth((s) => s.permissions.includes('sale:sell'));
  switch (screen) {
    case 'sell':
      if (!maySell) return <main className="screen"><p className="empty">{t('app.nothingHere')}</p></main>;
      return isOpen ? <SellingScreen /> : <OpenTillScreen />;
    case 'orders':
      return <OrdersScreen />;
    case 'xReport':
      return <XReportScreen />;
    case 'closing':
      return <ClosingScreen />;
    case 'zReports':
      return <ZReportsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'credit':
      return <CreditScreen />;
    case 'deferred':
      return <DeferredScreen />;
    case 'accountReports':
      return <AccountReportsScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'printQueue':
      return <PrintQueueScreen />;
    case 'printers':
      return <PrintersScreen />;
    case 'configuration':
      return <ConfigurationScreen />;
    default:
      return assertNever(screen, 'screen');
  }
}

function Shell() {
  const screen = useUi((s) => s.screen);
  const isHelpOpen = useUi((s) => s.isHelpOpen);
  useGlobalShortcuts();
  return (
    <div className="app">
      <Header />
      <NavBar />
      <NoticeBanner />
      <CurrentScreen screen={screen} />
      {isHelpOpen && <HelpOverlay />}
    </div>
  );
}

export function App() {
  const { t } = useTranslation();
  const info = useSystem((s) => s.info);
  const systemError = useSystem((s) => s.error);
  const loadSystem = useSystem((s) => s.load);
  const user = useAuth((s) => s.user);
  const isRestoring = useAuth((s) => s.isRestoring);
  const restore = useAuth((s) => s.restore);

  useEffect(() => {
    void loadSystem().then(() => restore());
  }, [loadSystem, restore]);

  if (!info || isRestoring) {
    return (
      <main className="splash">
        <h1>{t('app.name')}</h1>
        {systemError ? (
          <>
            <p>{t('app.unreachable')}</p>
            <ErrorAlert error={systemError} />
            <button type="button" className="button button-primary" onClick={() => void loadSystem().then(() => restore())}>
              {t('app.retry')}
            </button>
          </>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </main>
    );
  }
  if (!user) {
    return (
      <div className="app">
        <Header />
        <NoticeBanner />
        <LoginOrSetup />
      </div>
    );
  }
  return <Shell />;
}
