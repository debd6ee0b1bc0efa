// Currencies the till knows, with their minor-unit exponent and cash step.
import { CHF, EUR } from 'dinero.js/currencies';
import type { DineroCurrency } from 'dinero.js';

export const currencyCodes = ['CHF', 'EUR'] as const;
export type CurrencyCode = (typeof currencyCodes)[number];

export const dineroCurrencies: Record<CurrencyCode, DineroCurrency<number, CurrencyCode>> = {
  CHF: CHF as DineroCurrency<number, 'CHF'>,
  EUR: EUR as DineroCurrency<number, 'EUR'>,
};

/**
 * Smallest coin in circulation, in minor units. Cash amounts are rounded to it
 * (CHF: the 5-centime coin; EUR: 1 cent, though some countries round cash to 5).
 */
export const defaultCashStepMinor: Record<CurrencyCode, number> = { CHF: 5, EUR: 1 };

/** Decimal places of the minor unit. */
export function exponentOf(currency: CurrencyCode): number {
  return dineroCurrencies[currency].exponent;
}

/** Notes and coins, in minor units, largest first: what a cash count lists. */
export const denominationsMinor: Record<CurrencyCode, readonly number[]> = {
  CHF: [100000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5],
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
};
