// The printing methods' implementations, spread into the services registry.
export const printingMethods = {} as const;
