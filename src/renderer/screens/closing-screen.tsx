// Closing the till (supervisors): cash counted by denomination (its value from
// sessions.countCash), a total for each other method, counted blind (issue 17: the expected
// amounts and the variance from sessions.closingPreview show once the count is done), a
// comment on a variance, the float kept in the drawer and the rest to the bank, then a
// confirmation, sessions.close, and the numbered Z report signed off by the supervisor.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DenominationCount } from '../components/denomination-count.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Money } from '../components/money.tsx';
import { TillReportView } from '../components/till-report-view.tsx';
import { parseMoney } from '../../shared/money/parse.ts';
import { buildCounts, isCountComplete, untypedMethods } from '../closing-view.ts';
import { useFormat } from '../format.ts';
import { useAuth, useCan } from '../stores/auth-store.ts';
import { useSystem } from '../stores/system-store.ts';
import { useTill } from '../stores/till-store.ts';
import type { MethodCount, TillReport } from '../types.ts';
import { useCashCount, type Counts } from '../use-cash-count.ts';

function Comparison(props: { preview: TillReport; untyped: ReadonlySet<string>; isComplete: boolean; isRevealed: boolean }) {
  const { t } = useTranslation();
  const hidden = <span className="muted">{t('closing.hidden')}</span>;
  return (
    <table className="table comparison" data-testid="closing-preview">
      <caption>{t('closing.comparison')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.method')}</th>
          <th scope="col" className="num">{t('report.expected')}</th>
          <th scope="col" className="num">{t('report.counted')}</th>
          <th scope="col" className="num">{t('report.variance')}</th>
        </tr>
      </thead>
      <tbody>
        {props.preview.methods.map((m) => (
          <tr key={m.methodId} data-testid={`preview-${m.methodId}`}>
            <th scope="row">{m.name}</th>
            <td className="num">{props.isRevealed ? <Money minor={m.expectedMinor} plain testId={`preview-expected-${m.methodId}`} /> : hidden}</td>
            <td className="num">
              {props.untyped.has(m.methodId) ? <span className="tag">{t('closing.toCount')}</span> : m.countedMinor === null ? '—' : <Money minor={m.countedMinor} plain testId={`preview-counted-${m.methodId}`} />}
            </td>
            <td className={`num strong${m.varianceMinor !== null && m.varianceMinor !== 0 ? ' is-variance' : ''}`}>
              {!props.isRevealed ? hidden : m.varianceMinor === null || props.untyped.has(m.methodId) ? '—' : <Money minor={m.varianceMinor} plain testId={`preview-variance-${m.methodId}`} />}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>{t('report.totalVariance')}</th>
          <td className="num strong">
            {!props.isRevealed ? hidden : props.isComplete ? <Money minor={props.preview.totalVarianceMinor ?? 0} testId="preview-total-variance" /> : '—'}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The preview of the close for the counts as they are (none while a count is not read yet); an older answer is dropped. */
function useClosingPreview(counts: MethodCount[] | null, floatKeptMinor: number | null) {
  const [preview, setPreview] = useState<TillReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!counts) return;
    let isCurrent = true;
    void call('sessions.closingPreview', floatKeptMinor === null ? { counts } : { counts, floatKeptMinor }).then((result) => {
      if (!isCurrent) return;
      if (result.ok) {
        setPreview(result.value);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      isCurrent = false;
    };
  }, [counts, floatKeptMinor]);
  return { preview, error, setError };
}

/** A total typed for each method other than cash. */
function OtherCounts(props: { methods: readonly TillReport['methods'][number][]; totals: Readonly<Record<string, string>>; onTotal: (methodId: string, text: string) => void }) {
  const { t } = useTranslation();
  if (props.methods.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="others-title">
      <h2 id="others-title" className="section-title">{t('closing.others')}</h2>
      {props.methods.map((m) => (
        <label key={m.methodId} className="field">
          <span className="field-label">{t('closing.countedFor', { method: m.name })}</span>
          <input
            className="input input-amount"
            inputMode="decimal"
            value={props.totals[m.methodId] ?? ''}
            placeholder={t('closing.toCount')}
            onChange={(event) => props.onTotal(m.methodId, event.target.value)}
          />
        </label>
      ))}
    </section>
  );
}

/** What the closing says beside the count, once revealed: the comment a variance needs, the float kept and what goes to the bank. */
function ClosingWords(props: { preview: TillReport; comment: string; floatKeptText: string; onComment: (text: string) => void; onFloatKept: (text: string) => void }) {
  const { t } = useTranslation();
  const hasVariance = (props.preview.totalVarianceMinor ?? 0) !== 0;
  return (
    <div className="closing-words">
      {hasVariance && (
        <label className="field">
          <span className="field-label">{t('closing.comment')}</span>
          <textarea className="input" rows={2} maxLength={200} value={props.comment} required onChange={(event) => props.onComment(event.target.value)} />
        </label>
      )}
      <label className="field">
        <span className="field-label">{t('closing.floatKept')}</span>
        <input className="input input-amount" inputMode="decimal" value={props.floatKeptText} onChange={(event) => props.onFloatKept(event.target.value)} />
      </label>
      {props.preview.toBankMinor !== null && (
        <p className="strong">
          {t('closing.toBank')} <Money minor={props.preview.toBankMinor} testId="preview-to-bank" />
        </p>
      )}
    </div>
  );
}

function ClosingForm(props: { report: TillReport; onClosed: (z: TillReport) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const denominations = useSystem((s) => s.info?.denominationsMinor ?? []);
  const userName = useAuth((s) => s.user?.name ?? '');
  const [cashCounts, setCashCounts] = useState<Counts>({});
  const [totals, setTotals] = useState<Record<string, string>>({});
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [isRevealed, setRevealed] = useState(false);
  const [comment, setComment] = useState('');
  const [floatKeptText, setFloatKeptText] = useState('');

  const methods = props.report.methods;
  const cashValue = useCashCount(denominations, cashCounts);
  const countedCash = cashValue.isCurrent ? cashValue.count : null;
  const counts = useMemo(() => buildCounts(methods, countedCash, totals, format.currency), [methods, countedCash, totals, format.currency]);
  const untyped = untypedMethods(methods, totals);
  const isComplete = isCountComplete(methods, counts, untyped);
  const floatKept = floatKeptText.trim() === '' ? null : parseMoney(floatKeptText, format.currency);
  const floatKeptMinor = floatKept?.ok ? floatKept.amountMinor : null;
  const { preview, error, setError } = useClosingPreview(counts, floatKeptMinor);
  const needsComment = isRevealed && (preview?.totalVarianceMinor ?? 0) !== 0 && comment.trim() === '';

  const close = async () => {
    if (!counts) return;
    setBusy(true);
    const said = { ...(comment.trim() === '' ? {} : { comment: comment.trim() }), ...(floatKeptMinor === null ? {} : { floatKeptMinor }) };
    const result = await call('sessions.close', { counts, ...said });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setConfirming(false);
    props.onClosed(result.value);
  };

  return (
    <div className="closing">
      <div className="closing-counts">
        {methods.some((m) => m.type === 'cash') && (
          <section className="panel" aria-labelledby="cash-count-title">
            <h2 id="cash-count-title" className="section-title">{t('closing.cash')}</h2>
            <DenominationCount denominationsMinor={denominations} counts={cashCounts} value={cashValue.count} onChange={setCashCounts} totalTestId="cash-count-total" />
          </section>
        )}
      </div>
      <div className="closing-side">
        <OtherCounts methods={methods.filter((m) => m.type !== 'cash')} totals={totals} onTotal={(methodId, text) => setTotals((x) => ({ ...x, [methodId]: text }))} />
        <section className="panel">
          {preview && <Comparison preview={preview} untyped={untyped} isComplete={isComplete} isRevealed={isRevealed} />}
          {!isRevealed && <p className="muted">{t('closing.blindHint')}</p>}
          {isRevealed && preview && <ClosingWords preview={preview} comment={comment} floatKeptText={floatKeptText} onComment={setComment} onFloatKept={setFloatKeptText} />}
          {floatKept && !floatKept.ok && <p className="alert alert-error" role="alert">{t('payment.invalidAmount', { reason: t(`moneyParse.${floatKept.reason}`) })}</p>}
          {needsComment && <p className="muted" data-testid="closing-comment-needed">{t('closing.commentNeeded')}</p>}
          <ErrorAlert error={isConfirming ? null : (error ?? cashValue.error)} testId="closing-error" />
          <div className="actions">
            {!isRevealed ? (
              <button type="button" className="button button-primary button-large" disabled={!isComplete || !preview} onClick={() => setRevealed(true)}>
                {t('closing.reveal')}
              </button>
            ) : (
              <button type="button" className="button button-primary button-large" disabled={!isComplete || !preview || needsComment} onClick={() => setConfirming(true)}>
                {t('closing.submit')}
              </button>
            )}
          </div>
        </section>
      </div>
      {isConfirming && preview && (
        <ConfirmDialog
          title={t('closing.confirmTitle')}
          text={t('closing.confirmText', { variance: format.money(preview.totalVarianceMinor ?? 0), name: userName })}
          confirmLabel={t('closing.confirm')}
          isBusy={isBusy}
          error={error}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void close()}
        />
      )}
    </div>
  );
}

export function ClosingScreen() {
  const { t } = useTranslation();
  const mayClose = useCan('session:close');
  const isOpen = useTill((s) => s.session?.status === 'open');
  const refreshTill = useTill((s) => s.refresh);
  const [report, setReport] = useState<TillReport | null>(null);
  const [closed, setClosed] = useState<TillReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!mayClose || !isOpen) return;
    // the methods to count, without counting an X report in the audit log
    void call('sessions.closingPreview', { counts: [] }).then((result) => {
      if (result.ok) setReport(result.value);
      else setError(result.error);
    });
  }, [mayClose, isOpen]);

  if (closed) {
    return (
      <main className="screen">
        <h1 className="visually-hidden">{t('closing.closedTitle')}</h1>
        <TillReportView report={closed} />
      </main>
    );
  }
  return (
    <main className="screen" aria-labelledby="closing-title">
      <h1 id="closing-title">{t('closing.title')}</h1>
      {!isOpen ? (
        <p className="alert">{t('closing.notOpen')}</p>
      ) : !mayClose ? (
        <div className="panel">
          <p className="alert" id="closing-why">{t('closing.supervisorOnly')}</p>
          <button type="button" className="button button-primary button-large" disabled aria-describedby="closing-why">
            {t('closing.submit')}
          </button>
        </div>
      ) : (
        <>
          <p>{t('closing.intro')}</p>
          <ErrorAlert error={error} />
          {report && (
            <ClosingForm
              report={report}
              onClosed={(z) => {
                setClosed(z);
                void refreshTill();
              }}
            />
          )}
        </>
      )}
    </main>
  );
}
