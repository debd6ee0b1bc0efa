// The reports capability's public surface: what other folders may use of it.
export { reportsMethods } from './methods.ts';
export { exportReport } from './report-export.ts';
