// The catalogue capability's public surface: what other folders may use of it.
export { catalogueMethods } from './methods.ts';
export { getCatalogue, priceBasket } from './catalogue.ts';
export type { PricedBasketLine } from './catalogue.ts';
