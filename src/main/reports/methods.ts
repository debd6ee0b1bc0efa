// The reports capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { exportReport } from './report-export.ts';

export const reportsMethods = {
  'reports.export': exportReport,
} satisfies MethodTable;
