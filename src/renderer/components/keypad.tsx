// A numeric keypad for touch screens; the physical keyboard works as well.
import { useTranslation } from 'react-i18next';

const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function Keypad(props: { onDigit: (digit: string) => void; onErase: () => void; onClear: () => void; onSubmit: () => void; isBusy: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="keypad" role="group" aria-label={t('login.keypad')}>
      {digits.map((d) => (
        <button key={d} type="button" className="key" onClick={() => props.onDigit(d)} tabIndex={-1}>
          {d}
        </button>
      ))}
      <button type="button" className="key key-muted" onClick={props.onClear} aria-label={t('login.clear')} tabIndex={-1}>
        C
      </button>
      <button type="button" className="key" onClick={() => props.onDigit('0')} tabIndex={-1}>
        0
      </button>
      <button type="button" className="key key-muted" onClick={props.onErase} aria-label={t('login.erase')} tabIndex={-1}>
        ⌫
      </button>
      <button type="button" className="key key-submit" onClick={props.onSubmit} disabled={props.isBusy}>
        {t('login.submit')}
      </button>
    </div>
  );
}
