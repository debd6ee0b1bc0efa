export * from './currency.ts';
export * from './money.ts';
export * from './cash.ts';
export * from './parse.ts';
export * from './format.ts';
