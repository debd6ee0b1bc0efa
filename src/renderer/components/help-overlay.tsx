// F1: the keyboard shortcuts, from the same table the handlers use.
import { useTranslation } from 'react-i18next';
import { chordLabel, helpChord, methodChord, screenShortcuts, sellingChords } from '../shortcuts.ts';
import type { Screen } from '../stores/ui-store.ts';
import { useUi } from '../stores/ui-store.ts';
import { Modal } from './modal.tsx';

const screenHelp: Record<Screen, `help.shortcuts.${Screen}`> = {
  sell: 'help.shortcuts.sell',
  orders: 'help.shortcuts.orders',
  credit: 'help.shortcuts.credit',
  deferred: 'help.shortcuts.deferred',
  accountReports: 'help.shortcuts.accountReports',
  xReport: 'help.shortcuts.xReport',
  closing: 'help.shortcuts.closing',
  zReports: 'help.shortcuts.zReports',
  audit: 'help.shortcuts.audit',
  sync: 'help.shortcuts.sync',
  printQueue: 'help.shortcuts.printQueue',
  printers: 'help.shortcuts.printers',
  configuration: 'help.shortcuts.configuration',
};

function Row(props: { keys: string; text: string }) {
  return (
    <tr>
      <th scope="row">
        <kbd>{props.keys}</kbd>
      </th>
      <td>{props.text}</td>
    </tr>
  );
}

export function HelpOverlay() {
  const { t } = useTranslation();
  const setHelpOpen = useUi((s) => s.setHelpOpen);
  const close = () => setHelpOpen(false);
  return (
    <Modal title={t('help.title')} onClose={close} wide testId="help">
      <p>{t('help.intro')}</p>
      <div className="help-columns">
        <table className="table help-table">
          <caption>{t('help.general')}</caption>
          <tbody>
            <Row keys={chordLabel(helpChord)} text={t('help.shortcuts.help')} />
            {screenShortcuts.map((s) => (
              <Row key={s.screen} keys={chordLabel(s.chord)} text={t(screenHelp[s.screen])} />
            ))}
            <Row keys="Esc" text={t('help.shortcuts.escape')} />
          </tbody>
        </table>
        <table className="table help-table">
          <caption>{t('help.selling')}</caption>
          <tbody>
            <Row keys={chordLabel(sellingChords.search)} text={t('help.shortcuts.search')} />
            <Row keys={chordLabel(sellingChords.buyer)} text={t('help.shortcuts.buyer')} />
            <Row keys={chordLabel(sellingChords.amount)} text={t('help.shortcuts.amount')} />
            <Row keys="Enter" text={t('help.shortcuts.amountEnter')} />
            <Row keys={`${chordLabel(methodChord(0))} … ${chordLabel(methodChord(8))}`} text={t('help.shortcuts.method')} />
            <Row keys={chordLabel(sellingChords.checkout)} text={t('help.shortcuts.checkout')} />
            <Row keys={chordLabel(sellingChords.removeLast)} text={t('help.shortcuts.removeLast')} />
          </tbody>
        </table>
      </div>
      <div className="modal-actions">
        <button type="button" className="button button-primary" data-autofocus onClick={close}>
          {t('help.close')}
        </button>
      </div>
    </Modal>
  );
}
