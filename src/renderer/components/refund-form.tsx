// An order's lines with the quantity to refund, its tickets to tick (a ticket handed back:
// exactly its barcode is voided, issue 17), the split of the refund over the methods
// the services offer, a reason, and a confirmation before orders.refund. Every amount —
// the total, what each method may get back, the proposal, all to credit, whether a typed
// split adds up — is the services' refund quote (orders.refundQuote); this adds none up.
import { assertNever } from '../../shared/assert.ts';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { useFormat, type Formatters } from '../format.ts';
import { typedSplit, type chosenLines } from '../refund-view.ts';
import { RefundTicketsTable } from './refund-tickets-table.tsx';
import { useCatalogue } from '../stores/catalogue-store.ts';
import type { OrderView, RefundQuote } from '../types.ts';
import { useRefundDraft, type RefundProblem } from '../use-refund-draft.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { RefundBox } from './refund-box.tsx';
import { RefundLinesTable } from './refund-lines-table.tsx';

type Problem = RefundProblem;

function problemText(p: Problem, t: TFunction, format: Formatters): string {
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
}

/** What the typed split meets before the confirmation: not an amount, or (the services say) not the total; null when it may be asked. */
async function checkSplit(quote: RefundQuote, lines: ReturnType<typeof chosenLines>, tickets: readonly string[], textOf: (methodId: string) => string, format: Formatters, t: TFunction): Promise<Problem | ApiError | null> {
  const typed = typedSplit(quote.destinations, textOf, format.currency);
  if (!typed.ok) return { key: 'payment.invalidAmount', reason: t(`moneyParse.${typed.reason}`) };
  const checked = await call('orders.refundQuote', { orderId: quote.orderId, lines, tickets: [...tickets], payments: typed.payments });
  if (!checked.ok) return checked.error;
  return checked.value.paidMinor === checked.value.totalMinor ? null : { key: 'refund.split', paid: checked.value.paidMinor, due: checked.value.totalMinor };
}

export function RefundForm(props: { order: OrderView; mayRefund: boolean; onRefunded: (order: OrderView) => void; scannedTicketId?: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loadCatalogue = useCatalogue((s) => s.load);
  const { order } = props;
  const draft = useRefundDraft(order, props.mayRefund, format.amount, props.scannedTicketId ?? null);
  const { quote } = draft;
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, setBusy] = useState(false);

  const ask = async () => {
    if (!quote) return;
    if (draft.reason.trim() === '') return draft.setProblem({ key: 'refund.reasonMissing' });
    const found = await checkSplit(quote, draft.lines, draft.tickets, draft.textOf, format, t);
    if (found === null) setConfirming(true);
    else if ('code' in found) draft.setError(found);
    else draft.setProblem(found);
  };

  const refund = async () => {
    const typed = quote ? typedSplit(quote.destinations, draft.textOf, format.currency) : null;
    if (!typed?.ok) return setConfirming(false);
    setBusy(true);
    const result = await call('orders.refund', { requestId: draft.requestId, orderId: order.id, lines: draft.lines, tickets: draft.tickets, payments: typed.payments, reason: draft.reason.trim() });
    setBusy(false);
    if (!result.ok) return draft.setError(result.error);
    setConfirming(false);
    draft.finish();
    void loadCatalogue();
    props.onRefunded(result.value);
  };

  return (
    <>
      <RefundLinesTable order={order} mayRefund={props.mayRefund} quantities={draft.quantities} ticked={draft.ticked} onQuantity={draft.setQuantity} />
      <RefundTicketsTable order={order} mayRefund={props.mayRefund} ticked={draft.ticked} scannedTicketId={props.scannedTicketId ?? null} onTick={draft.setTicket} />
      {draft.isDone && <p className="alert alert-success" role="status">{t('refund.done')}</p>}
      {draft.quoteError && <ErrorAlert error={draft.quoteError} />}
      {props.mayRefund && quote && quote.totalMinor > 0 && (
        <RefundBox
          totalMinor={quote.totalMinor}
          destinations={quote.destinations}
          buyerName={order.buyer?.name ?? null}
          hasCreditChoice={quote.toCredit !== null}
          textOf={draft.textOf}
          onText={draft.setText}
          onChooseCredit={draft.chooseCredit}
          reason={draft.reason}
          onReason={draft.setReason}
          problem={draft.problem && problemText(draft.problem, t, format)}
          error={isConfirming ? null : draft.error}
          onSubmit={() => void ask()}
        />
      )}
      {isConfirming && quote && (
        <ConfirmDialog
          title={t('refund.confirmTitle')}
          text={t('refund.confirmText', { amount: format.money(quote.totalMinor), number: order.number })}
          confirmLabel={t('refund.confirm')}
          isBusy={isBusy}
          error={draft.error}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void refund()}
        />
      )}
    </>
  );
}
