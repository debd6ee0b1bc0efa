// The sessions capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { countCash } from './cash-count.ts';
import { payIntoDrawer, payOutOfDrawer } from './drawer-movement.ts';
import { closeSession } from './close-session.ts';
import { openSession } from './open-session.ts';
import { shownReport } from './report-shown.ts';
import { closingPreview, currentSession, xReport } from './sessions.ts';
import { getZReport, listZReports } from './z-reports.ts';

export const sessionsMethods = {
  'sessions.current': (ctx) => currentSession(ctx),
  'sessions.open': openSession,
  'sessions.payIn': payIntoDrawer,
  'sessions.payOut': payOutOfDrawer,
  'sessions.xReport': (ctx) => shownReport(xReport(ctx)),
  'sessions.closingPreview': (ctx, input) => shownReport(closingPreview(ctx, input)),
  'sessions.close': (ctx, input) => shownReport(closeSession(ctx, input)),
  'sessions.countCash': (_ctx, input) => countCash(input),
  'reports.zList': (ctx) => listZReports(ctx),
  'reports.zGet': (ctx, input) => shownReport(getZReport(ctx, input)),
} satisfies MethodTable;
