// The sessions capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { closeSession, closingPreview, currentSession, moveCash, openSession, xReport } from './sessions.ts';
import { getZReport, listZReports } from './z-reports.ts';

export const sessionsMethods = {
  'sessions.current': (ctx) => currentSession(ctx),
  'sessions.open': openSession,
  'sessions.payIn': (ctx, input) => moveCash(ctx, input, 1),
  'sessions.payOut': (ctx, input) => moveCash(ctx, input, -1),
  'sessions.xReport': (ctx) => xReport(ctx),
  'sessions.closingPreview': closingPreview,
  'sessions.close': closeSession,
  'reports.zList': (ctx) => listZReports(ctx),
  'reports.zGet': getZReport,
} satisfies MethodTable;
