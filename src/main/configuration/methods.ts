// The configuration capability's methods (issue 16), registered by the till's registry.
import { refuse } from '../../shared/result.ts';
import type { MethodTable, PublicMethodTable } from '../kernel/methods.ts';

// implementations land method by method; until then a method answers that it is not there yet
const notYet = () => refuse('unknown_method', { method: 'not implemented yet' });

export const configurationPublicMethods = {
  'setup.status': notYet,
  'setup.complete': notYet,
  'auth.changePin': notYet,
} satisfies PublicMethodTable;

export const configurationMethods = {
  'institution.get': notYet,
  'institution.save': notYet,
  'vatRates.save': notYet,
  'paymentMethods.all': notYet,
  'paymentMethods.save': notYet,
  'paymentMethods.retire': notYet,
  'pointsOfSale.list': notYet,
  'pointsOfSale.save': notYet,
  'tills.list': notYet,
  'tills.save': notYet,
  'catalogue.all': notYet,
  'events.save': notYet,
  'performances.save': notYet,
  'performances.setOnSale': notYet,
  'performances.delete': notYet,
  'tariffs.save': notYet,
  'items.save': notYet,
  'voucherProducts.save': notYet,
  'users.list': notYet,
  'users.create': notYet,
  'users.save': notYet,
  'users.resetPin': notYet,
  'contacts.detail': notYet,
  'contacts.update': notYet,
  'contacts.importPreview': notYet,
  'contacts.import': notYet,
  'configuration.history': notYet,
} satisfies MethodTable;
