export { toWire } from './client.ts';
export type { SyncClientOptions } from './client.ts';
export { checkOfflineCap, knownBalance, offlineAllowanceOf, overdraftOf } from './known-balances.ts';
export { accountsAsOf } from './known-movements.ts';
export { overdrafts, status, syncMethods, syncPublicMethods } from './methods.ts';
export { queueContact } from './records.ts';
export { startSync, stopSync } from './runtime.ts';
