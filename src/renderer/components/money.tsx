// An amount on screen: formatted by shared/money, with its minor units in data-minor
// so that tests assert the exact value.
import { useFormat } from '../format.ts';

export function Money(props: { minor: number; testId?: string; className?: string; plain?: boolean }) {
  const format = useFormat();
  const text = props.plain ? format.amount(props.minor) : format.money(props.minor);
  const tone = props.minor < 0 ? ' is-negative' : '';
  return (
    <span className={`money${tone}${props.className ? ` ${props.className}` : ''}`} data-testid={props.testId} data-minor={props.minor}>
      {text}
    </span>
  );
}
