// An X or Z report laid out for the screen: the lines the paper prints, section by section
// as the services answer them (their nets and totals included), the methods as one table,
// and for a Z who signed it off.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat, type Formatters } from '../format.ts';
import type { TillReport } from '../types.ts';

type ReportSection = TillReport['sections'][number];
type ReportLine = ReportSection['lines'][number];
type ReportWords = NonNullable<ReportLine['words']>;
import { Money } from './money.tsx';

function Figure(props: { label: string; children: ReactNode }) {
  return (
    <div className="figure">
      <span className="figure-label">{props.label}</span>
      <span className="figure-value">{props.children}</span>
    </div>
  );
}

function MethodsTable({ report }: { report: TillReport }) {
  const { t } = useTranslation();
  const isCounted = report.totalVarianceMinor !== null;
  return (
    <table className="table report-table">
      <caption>{t('report.methods')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.method')}</th>
          <th scope="col" className="num">{t('report.float')}</th>
          <th scope="col" className="num">{t('report.sales')}</th>
          <th scope="col" className="num">{t('report.refunds')}</th>
          <th scope="col" className="num">{t('report.paidIn')}</th>
          <th scope="col" className="num">{t('report.paidOut')}</th>
          <th scope="col" className="num">{t('report.accountsColumn')}</th>
          <th scope="col" className="num">{t('report.expected')}</th>
          {isCounted && <th scope="col" className="num">{t('report.counted')}</th>}
          {isCounted && <th scope="col" className="num">{t('report.variance')}</th>}
        </tr>
      </thead>
      <tbody>
        {report.methods.map((m) => (
          <tr key={m.methodId} data-testid={`report-method-${m.methodId}`}>
            <th scope="row">{m.name}</th>
            <td className="num"><Money minor={m.floatMinor} plain /></td>
            <td className="num"><Money minor={m.salesMinor} plain /></td>
            <td className="num"><Money minor={m.refundsMinor} plain /></td>
            <td className="num"><Money minor={m.paidInMinor} plain /></td>
            <td className="num"><Money minor={m.paidOutMinor} plain /></td>
            <td className="num"><Money minor={m.accountsMinor} plain testId={`accounts-${m.methodId}`} /></td>
            <td className="num strong"><Money minor={m.expectedMinor} plain testId={`expected-${m.methodId}`} /></td>
            {isCounted && <td className="num">{m.countedMinor === null ? '—' : <Money minor={m.countedMinor} plain testId={`counted-${m.methodId}`} />}</td>}
            {isCounted && (
              <td className="num strong">{m.varianceMinor === null ? '—' : <Money minor={m.varianceMinor} plain testId={`variance-${m.methodId}`} />}</td>
            )}
          </tr>
        ))}
      </tbody>
      {isCounted && report.totalVarianceMinor !== null && (
        <tfoot>
          <tr>
            <th scope="row" colSpan={9}>{t('report.totalVariance')}</th>
            <td className="num strong"><Money minor={report.totalVarianceMinor} testId="report-total-variance" /></td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

/** The words a line's label takes, formatted for the screen (a rate as "8,1 %", a denomination as money). */
function lineWords(format: Formatters, words: ReportWords | undefined): Record<string, string | number> {
  if (!words) return {};
  return {
    ...(words.count === undefined ? {} : { count: words.count }),
    ...(words.rateBp === undefined ? {} : { rate: format.vatRate(words.rateBp) }),
    ...(words.valueMinor === undefined ? {} : { value: format.money(words.valueMinor) }),
    ...(words.name === undefined ? {} : { name: words.name }),
  };
}

/** Test ids the e2e specs and screenshots name; the other lines are `report-<label>` (per rate, per denomination). */
const namedLines: Partial<Record<ReportLine['label'], string>> = {
  netSales: 'report-net-sales-line',
  totalVariance: 'report-total-variance-line',
  grandTotal: 'report-perpetual',
  grandTotalAbsolute: 'report-perpetual-absolute',
};

function lineTestId(section: ReportSection, line: ReportLine): string {
  const named = namedLines[line.label];
  if (named) return named;
  if (line.label === 'denomination' || line.label === 'denominationsTotal') return `report-${section.id}-${line.label}${line.words?.valueMinor ? `-${line.words.valueMinor}` : ''}`;
  return `report-${line.label}${line.words?.rateBp === undefined ? '' : `-${line.words.rateBp}`}`;
}

/** One section of the report as the paper prints it: its title, then label and amount per line. */
function SectionTable({ section }: { section: ReportSection }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="table report-table" data-testid={`report-section-${section.id}`}>
      <caption>{t(`report.lines.${section.title.label}`, lineWords(format, section.title.words))}</caption>
      <tbody>
        {section.lines.map((line, i) => (
          <tr key={`${line.label}-${i}`} className={line.isTotal ? 'report-total' : undefined}>
            <th scope="row">{t(`report.lines.${line.label}`, lineWords(format, line.words))}</th>
            <td className={`num${line.isTotal ? ' strong' : ''}`}>
              {line.kind === 'money' ? <Money minor={line.value} testId={lineTestId(section, line)} /> : <span data-testid={lineTestId(section, line)} data-count={line.value}>{line.value}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The sections in the printed order; the methods' sections as one table where the first of them stands. */
function Sections({ report }: { report: TillReport }) {
  const sections = report.sections;
  const firstMethod = sections.findIndex((s) => s.id.startsWith('method:'));
  const blocks = sections.flatMap((section, i): ReactNode[] => {
    if (section.id.startsWith('method:')) {
      const methods = i === firstMethod ? [<div key="methods" className="report-wide"><MethodsTable report={report} /></div>] : [];
      // the cash section's split of the count (float kept, to the bank: issue 17) as its own lines, as on paper
      const split = section.lines.filter((l) => l.label === 'floatKept' || l.label === 'toBank');
      return split.length === 0 ? methods : [...methods, <SectionTable key={`${section.id}-split`} section={{ ...section, id: `${section.id}-split`, lines: split }} />];
    }
    return [<SectionTable key={section.id} section={section} />];
  });
  return <div className="report-columns">{blocks}</div>;
}

/** The tickets sold less refunded, as the report's tickets section says it. */
function ticketsNet(report: TillReport): number | null {
  return report.sections.find((s) => s.id === 'tickets')?.lines.find((l) => l.label === 'ticketsNet')?.value ?? null;
}

export function TillReportView({ report }: { report: TillReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const title = report.kind === 'Z' ? t('report.zTitle', { number: report.number }) : t('report.xTitle');
  return (
    <article className="report" aria-label={title} data-testid={report.kind === 'Z' ? 'z-report' : 'x-report'}>
      <header className="report-head">
        <div>
          <h2 className="report-title">{title}</h2>
          <p className="muted">
            {report.tillName} · {t('report.session', { number: report.sessionNumber })}
          </p>
        </div>
        <div className="report-meta">
          <p>{t('report.opened', { date: format.dateTime(report.openedAtMs), name: report.openedBy })}</p>
          {report.closedAtMs !== null && report.closedBy !== null && (
            <p>{t('report.closed', { date: format.dateTime(report.closedAtMs), name: report.closedBy })}</p>
          )}
          <p>{t('report.generated', { date: format.dateTime(report.generatedAtMs) })}</p>
        </div>
      </header>

      <section className="figures">
        <Figure label={t('report.netSales')}>
          <Money minor={report.netSalesMinor} testId="report-net-sales" />
        </Figure>
        <Figure label={t('report.lines.ticketsNet')}>{ticketsNet(report)}</Figure>
      </section>

      <Sections report={report} />

      {report.closingComment !== null && (
        <p className="closing-comment" data-testid="report-closing-comment">
          {t('report.closingComment', { comment: report.closingComment })}
        </p>
      )}
      {report.kind === 'Z' && report.closedBy !== null && <p className="signature">{t('report.signedBy', { name: report.closedBy })}</p>}
    </article>
  );
}
