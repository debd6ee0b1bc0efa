// Roles and what each may do. Checked in the services (main process), never only in the UI.

export const roles = ['cashier', 'supervisor', 'technician', 'administrator'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'sale:read',
  'sale:sell',
  'sale:refund',
  'contact:read',
  'order:read',
  'session:read',
  'session:open',
  'session:cash-movement',
  'session:close',
  'report:x',
  'report:z',
  'audit:read',
  'credit:read',
  'credit:manage',
  'deferred:read',
  'deferred:manage',
  'contact:create',
  // correcting a contact's name, kind, address, email or phone (issue 16 point 6): the
  // counter's roles, who create contacts, and the administrator, who does not create them at
  // the counter but keeps the contacts right (an invoice address must be correctable)
  'contact:update',
  'report:accounts',
  'devices:configure',
  'print:manage',
  'drawer:open',
  'admin:configure',
  // issuing the invoice of one order's deferred payments: at the sale (automatic invoicing)
  // or from the order's detail, one right for both (issue 17)
  'invoice:order',
] as const;
export type Permission = (typeof permissions)[number];

const cashier: Permission[] = [
  'sale:read',
  'sale:sell',
  'sale:refund',
  'contact:read',
  'order:read',
  'session:read',
  'session:open',
  'report:x',
  'credit:read',
  'deferred:read',
  'contact:create',
  'contact:update',
  'print:manage',
  'drawer:open',
  'invoice:order',
];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  cashier,
  supervisor: [...cashier, 'session:cash-movement', 'session:close', 'report:z', 'audit:read', 'credit:manage', 'deferred:manage', 'report:accounts'],
  technician: ['session:read', 'devices:configure', 'print:manage'],
  administrator: ['session:read', 'report:z', 'audit:read', 'admin:configure', 'contact:read', 'contact:update', 'order:read', 'credit:read', 'deferred:read', 'report:accounts'],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}
