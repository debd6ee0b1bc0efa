// The kernel's own methods: who may log in and who is logged in, the institution and its
// payment methods as this till sees them, and the audit log.
import { listAudit } from './audit.ts';
import { listUsers, login, logout, me } from './auth.ts';
import { listPaymentMethods, systemInfo } from './config.ts';
import type { MethodTable, PublicMethodTable } from './methods.ts';

export const kernelPublicMethods = {
  'system.info': (till, _input, env) => systemInfo(till, env.defaultLanguage),
  'auth.users': (till) => listUsers(till),
  'auth.login': (till, input) => login(till, input),
} satisfies PublicMethodTable;

export const kernelMethods = {
  'auth.logout': (ctx) => logout(ctx),
  'auth.me': (ctx) => me(ctx),
  'paymentMethods.list': (ctx) => listPaymentMethods(ctx),
  'audit.list': listAudit,
} satisfies MethodTable;
