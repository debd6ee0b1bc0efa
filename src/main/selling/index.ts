// The selling capability's public surface: what other folders may use of it.
export { sellingMethods } from './methods.ts';
export { checkout, quote } from './sales.ts';
