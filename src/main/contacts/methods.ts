// The contacts capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { createContact, deferredDefaults, getContact, searchContacts, setDeferred } from './contacts.ts';

export const contactsMethods = {
  'contacts.search': searchContacts,
  'contacts.get': getContact,
  'contacts.create': createContact,
  'contacts.setDeferred': setDeferred,
  'settings.deferredDefaults': (ctx) => deferredDefaults(ctx),
  // settings.setDeferredDefaults is the institution's configuration: configuration/methods.ts (issue 16)
} satisfies MethodTable;
