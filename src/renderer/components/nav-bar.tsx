// The screens this user may open, each with its shortcut. As many as the window's width
// holds are in the bar; the others are in the "Plus" menu at its end (a supervisor's eleven
// screens need 1 590 px, a till's window 1 024 or 1 366), the current screen always in the
// bar. The split is measured on a hidden copy of the bar, again when the window or the
// language changes, so any number of screens (an administrator's Configuration) fits.
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { chordLabel, screenShortcuts, type ScreenShortcut } from '../shortcuts.ts';
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
  configuration: 'nav.configuration',
};

/** The px between two items of the bar (.nav gap) and the bar's own side padding, as styles.css sets them. */
const gapPx = 2;

/**
 * Which items the bar shows, in order: the first ones that fit beside the "Plus" button (all
 * of them when they fit without it), the current screen taking the last place when it would
 * be in the menu. `widths` are the items' widths, `moreWidth` the button's.
 */
export function splitNav(widths: readonly number[], moreWidth: number, availablePx: number, currentIndex: number): number[] {
  const all = widths.map((_, i) => i);
  const total = widths.reduce((sum, w) => sum + w + gapPx, 0);
  if (total <= availablePx) return all;
  const shown: number[] = [];
  let used = moreWidth + gapPx;
  for (const i of all) {
    if (used + widths[i]! + gapPx > availablePx) break;
    used += widths[i]! + gapPx;
    shown.push(i);
  }
  if (currentIndex >= 0 && !shown.includes(currentIndex)) {
    // the current screen replaces the last ones shown until it fits
    while (shown.length > 0 && used + widths[currentIndex]! + gapPx > availablePx) used -= widths[shown.pop()!]! + gapPx;
    shown.push(currentIndex);
  }
  return shown;
}

function NavItem(props: { shortcut: ScreenShortcut; isCurrent: boolean; onGo: () => void; tabIndex?: number }) {
  const { t } = useTranslation();
  const { shortcut } = props;
  return (
    <button
      type="button"
      className="nav-item"
      aria-current={props.isCurrent ? 'page' : undefined}
      aria-keyshortcuts={chordLabel(shortcut.chord)}
      tabIndex={props.tabIndex}
      onClick={props.onGo}
    >
      {t(labels[shortcut.screen])}
      <kbd className="nav-key" aria-hidden="true">{chordLabel(shortcut.chord)}</kbd>
    </button>
  );
}

/** The menu of the screens the bar has no room for: ↑ ↓ move, Enter opens, Esc closes. */
function MoreMenu(props: { items: readonly ScreenShortcut[]; current: Screen; onGo: (screen: Screen) => void }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!isOpen) return;
    wrap.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!wrap.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, [isOpen]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="nav-more" ref={wrap}>
      <button ref={button} type="button" className="nav-item nav-more-button" aria-haspopup="menu" aria-expanded={isOpen} onClick={() => setOpen(!isOpen)}>
        {t('nav.more')} <span aria-hidden="true">▾</span>
      </button>
      {isOpen && (
        <div
          className="nav-menu"
          role="menu"
          aria-label={t('nav.moreLabel')}
          onKeyDown={(event) => {
            const items = [...(wrap.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
            const at = items.indexOf(document.activeElement as HTMLElement);
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              close();
            } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
            }
          }}
        >
          {props.items.map((s) => (
            <button
              key={s.screen}
              type="button"
              role="menuitem"
              className="nav-menu-item"
              aria-current={s.screen === props.current ? 'page' : undefined}
              onClick={() => {
                setOpen(false);
                props.onGo(s.screen);
              }}
            >
              <span>{t(labels[s.screen])}</span>
              <kbd className="nav-key" aria-hidden="true">{chordLabel(s.chord)}</kbd>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** The indices of the items the bar shows, measured on the hidden copy whenever the bar or the copy resizes. */
function useNavSplit(bar: RefObject<HTMLElement | null>, copy: RefObject<HTMLDivElement | null>, count: number, currentIndex: number): number[] {
  const [shown, setShown] = useState<number[]>(() => Array.from({ length: count }, (_, i) => i));
  useLayoutEffect(() => {
    const measure = () => {
      if (!bar.current || !copy.current) return;
      const widths = [...copy.current.children].map((c) => c.getBoundingClientRect().width);
      const moreWidth = widths.pop() ?? 0;
      const style = getComputedStyle(bar.current);
      const available = bar.current.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight); // lint-allow: float (CSS pixels, not money)
      const next = splitNav(widths, moreWidth, available, currentIndex);
      setShown((previous) => (previous.join() === next.join() ? previous : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    if (bar.current) observer.observe(bar.current);
    if (copy.current) observer.observe(copy.current);
    return () => observer.disconnect();
  }, [bar, copy, count, currentIndex]);
  return shown;
}

export function NavBar() {
  const { t } = useTranslation();
  const permissions = useAuth((s) => s.permissions);
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const visible = screenShortcuts.filter((s) => permissions.includes(s.permission));
  const bar = useRef<HTMLElement>(null);
  const copy = useRef<HTMLDivElement>(null);
  const currentIndex = visible.findIndex((s) => s.screen === screen);
  const shown = useNavSplit(bar, copy, visible.length, currentIndex);
  const inMenu = visible.filter((_, i) => !shown.includes(i));
  return (
    <nav className="nav" aria-label={t('nav.label')} ref={bar}>
      {visible
        .filter((_, i) => shown.includes(i))
        .map((s) => (
          <NavItem key={s.screen} shortcut={s} isCurrent={screen === s.screen} onGo={() => go(s.screen)} />
        ))}
      {inMenu.length > 0 && <MoreMenu items={inMenu} current={screen} onGo={go} />}
      <div className="nav-measure" ref={copy} aria-hidden="true">
        {visible.map((s) => (
          <NavItem key={s.screen} shortcut={s} isCurrent={false} onGo={() => undefined} tabIndex={-1} />
        ))}
        <button type="button" className="nav-item nav-more-button" tabIndex={-1}>
          {t('nav.more')} <span>▾</span>
        </button>
      </div>
    </nav>
  );
}
