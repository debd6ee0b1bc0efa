// The configuration capability's methods (issue 16), registered by the till's registry. A
// change goes through configChange (change.ts): here in one transaction on a standalone
// till, to the ledger server first on an enrolled one (ADR 0012).
import { awaits, type MethodTable, type PublicMethodTable } from '../kernel/methods.ts';
import { configChange } from './change.ts';
import { catalogueAll } from './catalogue-view.ts';
import { checkDeletePerformance, checkSaveEvent, checkSaveItem, checkSavePerformance, checkSaveTariff, checkSaveVoucherProduct, checkSetOnSale } from './catalogue-config.ts';
import { getContactDetail, importContacts, updateContact } from './contacts-config.ts';
import { previewContactImport } from './contacts-csv.ts';
import { configHistory } from './history.ts';
import { checkSaveInstitution, checkSaveVatRates, checkSetDeferredDefaults, getInstitution } from './institution.ts';
import { checkRetireMethod, checkSaveMethod, listAllMethods } from './payment-methods.ts';
import { checkSavePointOfSale, checkSaveTill, listPointsOfSale, listTills } from './points-of-sale.ts';
import { completeSetup, setupStatus } from './setup.ts';
import { changeOwnPin, checkCreateUser, checkResetPin, checkSaveUser, listAllUsers } from './users.ts';

export const configurationPublicMethods = {
  'setup.status': (till) => setupStatus(till),
  'setup.complete': completeSetup,
  'auth.changePin': awaits(changeOwnPin),
} satisfies PublicMethodTable;

export const configurationMethods = {
  'institution.get': (ctx) => getInstitution(ctx),
  'institution.save': configChange(checkSaveInstitution),
  'vatRates.save': configChange(checkSaveVatRates),
  // the institution's deferred defaults: a configuration change as any (on an enrolled till, at the server first)
  'settings.setDeferredDefaults': configChange(checkSetDeferredDefaults),
  'paymentMethods.all': (ctx) => listAllMethods(ctx),
  'paymentMethods.save': configChange(checkSaveMethod),
  'paymentMethods.retire': configChange(checkRetireMethod),
  'pointsOfSale.list': (ctx) => listPointsOfSale(ctx),
  'pointsOfSale.save': configChange(checkSavePointOfSale),
  'tills.list': (ctx) => listTills(ctx),
  'tills.save': configChange(checkSaveTill),
  'catalogue.all': (ctx) => catalogueAll(ctx),
  'events.save': configChange(checkSaveEvent),
  'performances.save': configChange(checkSavePerformance),
  'performances.setOnSale': configChange(checkSetOnSale),
  'performances.delete': configChange(checkDeletePerformance),
  'tariffs.save': configChange(checkSaveTariff),
  'items.save': configChange(checkSaveItem),
  'voucherProducts.save': configChange(checkSaveVoucherProduct),
  'users.list': (ctx) => listAllUsers(ctx),
  'users.create': configChange(checkCreateUser),
  'users.save': configChange(checkSaveUser),
  'users.resetPin': configChange(checkResetPin),
  'contacts.detail': getContactDetail,
  'contacts.update': updateContact,
  'contacts.importPreview': previewContactImport,
  'contacts.import': importContacts,
  'configuration.history': awaits(configHistory),
} satisfies MethodTable;
