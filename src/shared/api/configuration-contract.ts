// The configuration's methods (issue 16): the first start, the institution, payment methods,
// points of sale and tills, the catalogue, users and PINs, contacts edited and imported, and
// each record's history. On a till enrolled with the ledger server a change is sent to the
// server first and refused offline (configuration_offline, ADR 0012).
import { z } from 'zod';
import * as c from './configuration-schemas.ts';
import { method, type MethodSpec } from './method-spec.ts';
import { Done, Empty } from './schemas.ts';

export const configurationContract = {
  // public: before the set-up there is nobody to log in
  'setup.status': method('public', Empty, c.SetupStatus, 'Is this till set up (an administrator exists)?'),
  'setup.complete': method('public', c.SetupInput, c.SetupOutput, 'First start without demo: the institution, invoicing, this till and the first administrator with the PIN they choose; refused once set up'),

  'institution.get': method('admin:configure', Empty, c.InstitutionSettings, 'The institution, its address, invoicing, deferred defaults and VAT rates'),
  'institution.save': method('admin:configure', c.InstitutionSaveInput, c.InstitutionSettings, 'Change the institution: name, address, country, VAT number, currency, cash step, time zone, invoicing, deferred defaults'),
  'vatRates.save': method('admin:configure', c.VatRatesInput, c.InstitutionSettings, 'The VAT rates the catalogue may use (a rate still used cannot go)'),

  'paymentMethods.all': method('admin:configure', Empty, z.array(c.PaymentMethodConfig), 'Every payment method, retired ones too, with the points of sale that authorise it'),
  'paymentMethods.save': method('admin:configure', c.PaymentMethodSaveInput, c.PaymentMethodConfig, 'Create or change a payment method: type, flags, and for deferred its installments rule'),
  'paymentMethods.retire': method('admin:configure', c.PaymentMethodRetireInput, c.PaymentMethodConfig, 'Retire a payment method (never deleted); refused while authorised unless unauthorise'),

  'pointsOfSale.list': method('admin:configure', Empty, z.array(c.PointOfSaleConfig), 'Points of sale with the methods they authorise and their tills'),
  'pointsOfSale.save': method('admin:configure', c.PointOfSaleSaveInput, c.PointOfSaleConfig, 'Create or change a point of sale and the methods it authorises'),
  'tills.list': method('admin:configure', Empty, z.array(c.TillConfig), 'Tills with their point of sale and order number prefix'),
  'tills.save': method('admin:configure', c.TillSaveInput, c.TillConfig, "Create or change a till: its name, point of sale and order number prefix"),

  'catalogue.all': method('admin:configure', Empty, c.CatalogueConfig, 'The whole catalogue as configured: events with tariffs and performances (closed ones too), items, gift vouchers'),
  'events.save': method('admin:configure', c.EventSaveInput, c.EventConfig, 'Create or change an event'),
  'performances.save': method('admin:configure', c.PerformanceSaveInput, c.PerformanceConfig, 'Create or change a performance: date, hall, capacity'),
  'performances.setOnSale': method('admin:configure', c.PerformanceOnSaleInput, c.PerformanceConfig, 'Close a performance for sale, or open it again'),
  'performances.delete': method('admin:configure', c.PerformanceDeleteInput, Done, 'Delete a performance nothing was sold for'),
  'tariffs.save': method('admin:configure', c.TariffSaveInput, c.TariffConfig, 'Create or change a tariff; a new price applies to new sales only'),
  'items.save': method('admin:configure', c.ItemSaveInput, c.ItemConfig, 'Create or change an item for sale'),
  'voucherProducts.save': method('admin:configure', c.VoucherProductSaveInput, c.VoucherProductConfig, 'Create or change a gift voucher type and its value'),

  'users.list': method('admin:configure', Empty, z.array(c.UserConfig), 'Every user, deactivated ones too'),
  'users.create': method('admin:configure', c.UserCreateInput, c.UserConfig, 'A new user with a role and a PIN of at least 6 digits'),
  'users.save': method('admin:configure', c.UserSaveInput, c.UserConfig, "Change a user's name, role, or deactivate them"),
  'users.resetPin': method('admin:configure', c.UserResetPinInput, c.UserConfig, "Reset a user's PIN: they must choose a new one at their next login"),
  // public: a user whose PIN was reset cannot log in before changing it; the PIN they have proves who they are
  'auth.changePin': method('public', c.ChangePinInput, Done, 'Change your own PIN with the one you have'),

  'contacts.detail': method('contact:read', c.ContactDetailInput, c.ContactDetail, 'One contact with every field the edit form shows'),
  'contacts.update': method('contact:update', c.ContactUpdateInput, c.ContactDetail, "Correct a contact's name, kind, address, email or phone"),
  'contacts.importPreview': method('admin:configure', c.ContactImportPreviewInput, c.ContactImportPreview, 'Read a CSV file of contacts without writing: each row valid or with its errors'),
  'contacts.import': method('admin:configure', c.ContactImportInput, c.ContactImportOutput, "Import the preview's valid rows, checked again: the contacts made and the rows rejected"),

  'configuration.history': method('admin:configure', c.ConfigHistoryInput, z.array(c.ConfigChange), 'Every change of one configuration record, newest first: who, when, before and after'),
} as const satisfies Record<string, MethodSpec>;
