// The selling capability's public surface: what other folders may use of it.
export { sellingMethods } from './methods.ts';
export { checkout } from './checkout.ts';
export { quote } from './quote.ts';
