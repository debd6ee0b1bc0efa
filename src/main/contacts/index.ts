// The contacts capability's public surface: what other folders may use of it.
export { contactsMethods } from './methods.ts';
export { contactById, createContact, deferredDefaults, getContact, newContactDeferred, searchContacts, setDeferred } from './contacts.ts';
