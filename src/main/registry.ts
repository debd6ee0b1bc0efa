// Every contract method bound to its implementation: the kernel's and each capability's
// table, merged. The mapped type makes a method without an implementation a compile error.
import type { MethodName } from '../shared/api/contract.ts';
import { catalogueMethods } from './catalogue/index.ts';
import { configurationMethods, configurationPublicMethods } from './configuration/index.ts';
import { contactsMethods } from './contacts/index.ts';
import { creditMethods } from './credit/index.ts';
import { deferredMethods } from './deferred/index.ts';
import { invoicingMethods } from './invoicing/index.ts';
import { kernelMethods, kernelPublicMethods } from './kernel/kernel-methods.ts';
import type { AnyImplementation, AnyPublicImplementation, Registry } from './kernel/methods.ts';
import { ordersMethods } from './orders/index.ts';
import { printingMethods } from './printing/index.ts';
import { refundsMethods } from './refunds/index.ts';
import { reportsMethods } from './reports/index.ts';
import { sellingMethods } from './selling/index.ts';
import { sessionsMethods } from './sessions/index.ts';
import { syncMethods, syncPublicMethods } from './sync-client/index.ts';

export const publicMethods = {
  ...kernelPublicMethods,
  ...syncPublicMethods,
  ...configurationPublicMethods,
} satisfies { [M in MethodName]?: AnyPublicImplementation<M> };

type PublicName = keyof typeof publicMethods;

export const methods: { [M in Exclude<MethodName, PublicName>]: AnyImplementation<M> } = {
  ...kernelMethods,
  ...catalogueMethods,
  ...contactsMethods,
  ...sellingMethods,
  ...ordersMethods,
  ...refundsMethods,
  ...creditMethods,
  ...deferredMethods,
  ...invoicingMethods,
  ...sessionsMethods,
  ...reportsMethods,
  ...printingMethods,
  ...syncMethods,
  ...configurationMethods,
};

export const registry: Registry = { publicMethods, methods };

export function isPublicMethod(method: MethodName): method is PublicName {
  return Object.hasOwn(publicMethods, method);
}
