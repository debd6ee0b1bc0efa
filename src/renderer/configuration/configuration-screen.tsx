// The administrator's Configuration area (issue 16 point 8): a page per kind, chosen in the
// list on the left. Every change goes through the configuration methods (on an enrolled
// till to the server first: offline, the refusal says so under the form).
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../shared/assert.ts';
import { CataloguePage } from './catalogue-page.tsx';
import { configPages, useConfig, type ConfigPage } from './config-store.ts';
import { ContactsPage } from './contacts-page.tsx';
import { HistoryPage } from './history-page.tsx';
import { InstitutionPage } from './institution-page.tsx';
import { MethodsPage } from './methods-page.tsx';
import { PointsOfSalePage } from './points-of-sale-page.tsx';
import { UsersPage } from './users-page.tsx';
import { VatPage } from './vat-page.tsx';

function CurrentPage(props: { page: ConfigPage }) {
  switch (props.page) {
    case 'institution':
      return <InstitutionPage />;
    case 'vatRates':
      return <VatPage />;
    case 'methods':
      return <MethodsPage />;
    case 'pointsOfSale':
      return <PointsOfSalePage />;
    case 'catalogue':
      return <CataloguePage />;
    case 'users':
      return <UsersPage />;
    case 'contacts':
      return <ContactsPage />;
    case 'history':
      return <HistoryPage />;
    default:
      return assertNever(props.page, 'configuration page');
  }
}

export function ConfigurationScreen() {
  const { t } = useTranslation();
  const page = useConfig((s) => s.page);
  const go = useConfig((s) => s.go);
  return (
    <main className="screen config" aria-labelledby="config-title">
      <nav className="config-nav" aria-labelledby="config-title">
        <h1 id="config-title" className="config-nav-title">{t('config.title')}</h1>
        <ul>
          {configPages.map((p) => (
            <li key={p}>
              <button type="button" className="config-nav-item" aria-current={p === page ? 'page' : undefined} onClick={() => go(p)}>
                {t(`config.pages.${p}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="config-body">
        <CurrentPage key={page} page={page} />
      </div>
    </main>
  );
}
