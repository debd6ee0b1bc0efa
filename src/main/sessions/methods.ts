// The sessions capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { countCash } from './cash-count.ts';
import { payIn, payOut } from './cash-movement.ts';
import { closeSession } from './close-session.ts';
import { openSession } from './open-session.ts';
import { closingPreview, currentSession, xReport } from './sessions.ts';
import { getZReport, listZReports } from './z-reports.ts';

export const sessionsMethods = {
  'sessions.current': (ctx) => currentSession(ctx),
  'sessions.open': openSession,
  'sessions.payIn': payIn,
  'sessions.payOut': payOut,
  'sessions.xReport': (ctx) => xReport(ctx),
  'sessions.closingPreview': closingPreview,
  'sessions.close': closeSession,
  'sessions.countCash': (_ctx, input) => countCash(input),
  'reports.zList': (ctx) => listZReports(ctx),
  'reports.zGet': getZReport,
} satisfies MethodTable;
