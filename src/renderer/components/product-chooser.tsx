// Products for a report filter, picked from the catalogue: shows (every performance of
// them), plain items and gift vouchers. Each one picked shows as a chip to remove.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useCatalogue } from '../stores/catalogue-store.ts';
import type { Catalogue } from '../types.ts';

/** Every product of the catalogue a report can filter on, by id, with its name. */
export function productNames(catalogue: Catalogue | null): Map<string, string> {
  const names = new Map<string, string>();
  if (!catalogue) return names;
  for (const e of catalogue.events) names.set(e.id, e.name);
  for (const i of catalogue.items) names.set(i.id, i.name);
  for (const v of catalogue.voucherProducts) names.set(v.id, v.name);
  return names;
}

export function ProductChooser(props: { productIds: readonly string[]; onChange: (productIds: string[]) => void }) {
  const { t } = useTranslation();
  const labelId = useId();
  const catalogue = useCatalogue((s) => s.catalogue);
  const names = productNames(catalogue);
  const isPicked = (id: string) => props.productIds.includes(id);
  return (
    <div className="field report-products">
      <span className="field-label" id={labelId}>
        {t('deferredReports.products')}
      </span>
      <ul className="chips contact-chips" aria-labelledby={labelId}>
        {props.productIds.map((id) => (
          <li key={id} className="contact-chip" data-testid="report-product">
            {names.get(id) ?? id}
            <button
              type="button"
              className="remove"
              aria-label={t('deferredReports.removeProduct', { name: names.get(id) ?? id })}
              onClick={() => props.onChange(props.productIds.filter((p) => p !== id))}
            >
              ×
            </button>
          </li>
        ))}
        <li>
          {catalogue ? (
            <select
              className="input input-small"
              aria-label={t('deferredReports.addProduct')}
              value=""
              onChange={(event) => {
                const id = event.target.value;
                if (id && !isPicked(id)) props.onChange([...props.productIds, id]);
              }}
            >
              <option value="">{t('deferredReports.addProduct')}</option>
              <optgroup label={t('catalogue.events')}>
                {catalogue.events.filter((e) => !isPicked(e.id)).map((e) => (
                  <option key={e.id} value={e.id}>{e.name}</option>
                ))}
              </optgroup>
              <optgroup label={t('catalogue.items')}>
                {catalogue.items.filter((i) => !isPicked(i.id)).map((i) => (
                  <option key={i.id} value={i.id}>{i.name}</option>
                ))}
              </optgroup>
              <optgroup label={t('catalogue.vouchers')}>
                {catalogue.voucherProducts.filter((v) => !isPicked(v.id)).map((v) => (
                  <option key={v.id} value={v.id}>{v.name}</option>
                ))}
              </optgroup>
            </select>
          ) : (
            <span className="muted small">{t('deferredReports.noCatalogue')}</span>
          )}
        </li>
      </ul>
    </div>
  );
}
