// An amount on screen: formatted by shared/money, with its minor units in data-minor
// so that tests assert the exact value.
import { useFormat } from '../format.ts';

export function Money(props: { minor: number; testId?: string; className?: string; plain?: boolean; signed?: boolean }) {
  const format = useFormat();
  const formatted = props.plain ? format.amount(props.minor) : format.money(props.minor);
  // a movement in a column reads "+100.00" or "-30.00": the sign says which way the balance
  // went (plain amounts only: "+CHF 100.00" would read oddly in English)
  const text = props.signed && props.plain && props.minor > 0 ? `+${formatted}` : formatted;
  const tone = props.minor < 0 ? ' is-negative' : '';
  return (
    <span className={`money${tone}${props.className ? ` ${props.className}` : ''}`} data-testid={props.testId} data-minor={props.minor}>
      {text}
    </span>
  );
}
