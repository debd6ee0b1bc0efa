// The screens this user may open, each with its shortcut.
import { useTranslation } from 'react-i18next';
import { chordLabel, screenShortcuts } from '../shortcuts.ts';
import { useAuth } from '../stores/auth-store.ts';
import { useUi, type Screen } from '../stores/ui-store.ts';

const labels: Record<Screen, `nav.${Screen}`> = {
  sell: 'nav.sell',
  orders: 'nav.orders',
  credit: 'nav.credit',
  deferred: 'nav.deferred',
  accountReports: 'nav.accountReports',
  xReport: 'nav.xReport',
  closing: 'nav.closing',
  zReports: 'nav.zReports',
  audit: 'nav.audit',
  sync: 'nav.sync',
  printQueue: 'nav.printQueue',
  printers: 'nav.printers',
};

export function NavBar() {
  const { t } = useTranslation();
  const permissions = useAuth((s) => s.permissions);
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const visible = screenShortcuts.filter((s) => permissions.includes(s.permission));
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {visible.map((s) => (
        <button
          key={s.screen}
          type="button"
          className="nav-item"
          aria-current={screen === s.screen ? 'page' : undefined}
          aria-keyshortcuts={chordLabel(s.chord)}
          onClick={() => go(s.screen)}
        >
          {t(labels[s.screen])}
          <kbd className="nav-key" aria-hidden="true">{chordLabel(s.chord)}</kbd>
        </button>
      ))}
    </nav>
  );
}
