export * from './errors.ts';
export * from './contract.ts';
export * as schemas from './schemas.ts';
