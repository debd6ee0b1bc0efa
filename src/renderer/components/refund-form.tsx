// An order's lines with the quantity to refund, the split of the refund over the
// original methods, a reason, and a confirmation before orders.refund. The proposal is
// integer arithmetic on the minor units the services gave (Σ quantity × unit price,
// last-used method first); the services check it all again.
import { assertNever } from '../../shared/assert.ts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { ApiError } from '../../shared/api/errors.ts';
import { parseMoney } from '../../shared/money/parse.ts';
import { call } from '../api-client.ts';
import { useFormat } from '../format.ts';
import { openByMethod } from '../deferred-view.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import type { OrderView, PaymentMethod } from '../types.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';

interface RefundableMethod {
  methodId: string;
  name: string;
  /** What the proposal may put on it (an original method: what it paid, less refunds). */
  refundableMinor: number;
  /** The buyer's credit balance: takes any amount, whatever paid the order (seed 003). */
  isCredit: boolean;
  /** A payment on account: what it may get back is what is still open on it (seed 000, C8). */
  isDeferred: boolean;
}

/** The methods that paid this order, most recently used first, with what each may get back. */
function refundableMethods(order: OrderView, mayRefund: (methodId: string) => boolean): RefundableMethod[] {
  const byMethod = new Map<string, RefundableMethod>();
  for (const p of [...order.payments].reverse()) {
    const m = byMethod.get(p.methodId) ?? { methodId: p.methodId, name: p.methodName, refundableMinor: 0, isCredit: p.methodType === 'credit', isDeferred: p.methodType === 'deferred' };
    m.refundableMinor += p.amountMinor - p.refundedMinor;
    byMethod.set(p.methodId, m);
  }
  // what was settled on account already is not taken back from the account (it may go to credit)
  const open = openByMethod(order);
  for (const m of byMethod.values()) if (m.isDeferred) m.refundableMinor = Math.min(m.refundableMinor, open.get(m.methodId) ?? 0);
  return [...byMethod.values()].filter((m) => m.refundableMinor > 0 && mayRefund(m.methodId));
}

/**
 * The original methods, then the buyer's credit balance when the order has a buyer and
 * this point of sale has a credit method that may refund (a refund "to credit").
 */
function refundDestinations(order: OrderView, catalogue: readonly PaymentMethod[]): RefundableMethod[] {
  const originals = refundableMethods(order, (id) => catalogue.find((m) => m.id === id)?.mayRefund ?? true);
  const credit = catalogue.find((m) => m.type === 'credit' && m.mayRefund);
  if (!order.buyer || !credit) return originals;
  if (originals.some((m) => m.methodId === credit.id)) return originals;
  return [...originals, { methodId: credit.id, name: credit.name, refundableMinor: 0, isCredit: true, isDeferred: false }];
}

function propose(dueMinor: number, methods: readonly RefundableMethod[]): Map<string, number> {
  const split = new Map<string, number>();
  let left = dueMinor;
  for (const m of methods) {
    const share = Math.min(left, m.refundableMinor);
    split.set(m.methodId, share);
    left -= share;
  }
  return split;
}

type Problem = { key: 'refund.split'; paid: number; due: number } | { key: 'refund.reasonMissing' } | { key: 'payment.invalidAmount'; reason: string };

export function RefundForm(props: { order: OrderView; mayRefund: boolean; onRefunded: (order: OrderView) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const methodsCatalogue = useCatalogue((s) => s.methods);
  const loadCatalogue = useCatalogue((s) => s.load);
  const { order } = props;
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [amountTexts, setAmountTexts] = useState<Record<string, string> | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [isDone, setDone] = useState(false);
  const [requestId, setRequestId] = useState(() => ulid());

  const methods = useMemo(() => refundDestinations(order, methodsCatalogue), [order, methodsCatalogue]);
  const creditDestination = order.buyer ? methods.find((m) => m.isCredit) : undefined;
  const dueMinor = order.lines.reduce((sum, l) => sum + (quantities[l.id] ?? 0) * l.unitPriceMinor, 0);
  const proposal = propose(dueMinor, methods);
  const amountText = (methodId: string) => amountTexts?.[methodId] ?? format.amount(proposal.get(methodId) ?? 0);

  /** The whole refund to the buyer's credit balance (the common case), or back to the proposal. */
  const chooseCredit = (isAllToCredit: boolean) => {
    if (!creditDestination) return;
    setAmountTexts(
      isAllToCredit ? Object.fromEntries(methods.map((m) => [m.methodId, format.amount(m.isCredit ? dueMinor : 0)])) : null,
    );
    edited();
  };

  /** Any change to what is refunded is a new request. */
  const edited = () => {
    setRequestId(ulid());
    setProblem(null);
    setError(null);
    setDone(false);
  };

  const split = (): { methodId: string; amountMinor: number }[] | null => {
    const payments: { methodId: string; amountMinor: number }[] = [];
    let paidMinor = 0;
    for (const m of methods) {
      const parsed = parseMoney(amountText(m.methodId), format.currency);
      if (!parsed.ok) {
        setProblem({ key: 'payment.invalidAmount', reason: t(`moneyParse.${parsed.reason}`) });
        return null;
      }
      paidMinor += parsed.amountMinor;
      if (parsed.amountMinor > 0) payments.push({ methodId: m.methodId, amountMinor: parsed.amountMinor });
    }
    if (paidMinor !== dueMinor) {
      setProblem({ key: 'refund.split', paid: paidMinor, due: dueMinor });
      return null;
    }
    return payments;
  };

  const ask = () => {
    if (reason.trim() === '') return setProblem({ key: 'refund.reasonMissing' });
    if (split()) setConfirming(true);
  };

  const refund = async () => {
    const payments = split();
    if (!payments) return setConfirming(false);
    setBusy(true);
    const lines = order.lines.filter((l) => (quantities[l.id] ?? 0) > 0).map((l) => ({ orderLineId: l.id, quantity: quantities[l.id]! }));
    const result = await call('orders.refund', { requestId, orderId: order.id, lines, payments, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setConfirming(false);
    setQuantities({});
    setAmountTexts(null);
    setReason('');
    setRequestId(ulid());
    setDone(true);
    void loadCatalogue();
    props.onRefunded(result.value);
  };

  const problemText = (p: Problem): string => {
    switch (p.key) {
      case 'refund.split':
        return t(p.key, { paid: format.money(p.paid), due: format.money(p.due) });
      case 'refund.reasonMissing':
        return t(p.key);
      case 'payment.invalidAmount':
        return t(p.key, { reason: p.reason });
      default:
        return assertNever(p);
    }
  };

  return (
    <>
      <table className="table">
        <caption>{t('orders.lines')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('basket.article')}</th>
            <th scope="col" className="num">{t('orders.quantity')}</th>
            <th scope="col" className="num">{t('basket.unitPrice')}</th>
            <th scope="col" className="num">{t('basket.total')}</th>
            <th scope="col" className="num">{t('orders.refundedQuantity')}</th>
            {props.mayRefund && <th scope="col" className="num">{t('orders.toRefund')}</th>}
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => {
            const refundable = line.quantity - line.refundedQuantity;
            return (
              <tr key={line.id} data-testid="order-line">
                <td>
                  {line.label}
                  {line.detail && <div className="muted small">{line.detail}</div>}
                </td>
                <td className="num">{line.quantity}</td>
                <td className="num"><Money minor={line.unitPriceMinor} plain /></td>
                <td className="num"><Money minor={line.totalMinor} plain /></td>
                <td className="num">{line.refundedQuantity > 0 ? line.refundedQuantity : ''}</td>
                {props.mayRefund && (
                  <td className="num">
                    <input
                      className="input input-quantity"
                      type="number"
                      min={0}
                      max={refundable}
                      disabled={refundable === 0}
                      aria-label={t('orders.toRefundOf', { label: line.label })}
                      value={quantities[line.id] ?? 0}
                      onChange={(event) => {
                        const value = Number(event.target.value);
                        const quantity = Number.isSafeInteger(value) ? Math.min(Math.max(value, 0), refundable) : 0;
                        setQuantities((q) => ({ ...q, [line.id]: quantity }));
                        setAmountTexts(null);
                        edited();
                      }}
                    />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>

      {isDone && (
        <p className="alert alert-success" role="status">
          {t('refund.done')}
        </p>
      )}

      {props.mayRefund && dueMinor > 0 && (
        <section className="refund-box" aria-labelledby="refund-title">
          <h3 id="refund-title" className="section-title">{t('refund.title')}</h3>
          <p className="refund-total">
            {t('refund.total')} <Money minor={dueMinor} testId="refund-total" />
          </p>
          {creditDestination && (
            <div className="refund-destination">
              <button type="button" className="button button-small" onClick={() => chooseCredit(true)}>
                {t('refund.allToCredit')}
              </button>
              <button type="button" className="button button-small button-ghost" onClick={() => chooseCredit(false)}>
                {t('refund.allToOriginal')}
              </button>
            </div>
          )}
          <div className="refund-methods">
            {methods.map((m) => (
              <label key={m.methodId} className={`field${m.isCredit ? ' refund-to-credit' : ''}`}>
                <span className="field-label">
                  {m.isCredit && order.buyer ? t('refund.toCredit', { name: order.buyer.name }) : t('refund.toMethod', { method: m.name })}
                </span>
                <input
                  className="input input-amount"
                  inputMode="decimal"
                  value={amountText(m.methodId)}
                  onChange={(event) => {
                    const current = Object.fromEntries(methods.map((x) => [x.methodId, amountText(x.methodId)]));
                    setAmountTexts({ ...current, [m.methodId]: event.target.value });
                    edited();
                  }}
                />
                <span className="field-hint">
                  {m.isCredit
                    ? t('refund.toCreditHint')
                    : t(m.isDeferred ? 'refund.refundableOpen' : 'refund.refundable', { amount: format.money(m.refundableMinor) })}
                </span>
              </label>
            ))}
          </div>
          <label className="field">
            <span className="field-label">{t('refund.reason')}</span>
            <input
              className="input"
              value={reason}
              placeholder={t('refund.reasonPlaceholder')}
              onChange={(event) => {
                setReason(event.target.value);
                edited();
              }}
            />
          </label>
          {problem && (
            <p className="alert alert-error" role="alert">
              {problemText(problem)}
            </p>
          )}
          <ErrorAlert error={isConfirming ? null : error} />
          <div className="actions">
            <button type="button" className="button button-danger" onClick={ask}>
              {t('refund.submit')}
            </button>
          </div>
        </section>
      )}

      {isConfirming && (
        <ConfirmDialog
          title={t('refund.confirmTitle')}
          text={t('refund.confirmText', { amount: format.money(dueMinor), number: order.number })}
          confirmLabel={t('refund.confirm')}
          isBusy={isBusy}
          error={error}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void refund()}
        />
      )}
    </>
  );
}
