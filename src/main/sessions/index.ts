// The sessions capability's public surface: what other folders may use of it.
export { sessionsMethods } from './methods.ts';
export { checkDrawerHolds, drawerHoldsMinor } from './drawer-cash.ts';
export { payIntoDrawer, payOutOfDrawer } from './drawer-movement.ts';
export { closeSession } from './close-session.ts';
export { openSession } from './open-session.ts';
export { closingPreview, currentSession, openSessionOf, xReport } from './sessions.ts';
export { buildTillReport } from './till-report.ts';
export { getZReport, listZReports } from './z-reports.ts';
