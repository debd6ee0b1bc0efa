// The orders capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { getOrder, listOrders } from './orders.ts';

export const ordersMethods = {
  'orders.list': listOrders,
  'orders.get': getOrder,
} satisfies MethodTable;
