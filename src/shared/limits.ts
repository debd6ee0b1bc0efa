// Every upper bound the till enforces, each with the reason for it.

/**
 * Largest magnitude of any amount the till or the ledger server computes or stores: a
 * posting, a balance, a report's sum. 2**50 keeps sums of a few of them below
 * Number.MAX_SAFE_INTEGER (2**53), so integer arithmetic on amounts stays exact (Actual's
 * safeNumber makes the same argument). The plausibility limits below keep every amount far
 * under it; this is the bound no number may pass, not one a person meets.
 */
export const ledgerMinorMax = 2 ** 50;

/**
 * Largest amount one operation may carry (issue 12): any amount a person types or a door
 * receives (a payment, a price, a pay-in, a counted amount, a deposit, a settlement, a
 * deferred limit) and any total one operation computes from them (a line's quantity ×
 * price, a basket, a cash count's value × count and its sum, the payments of a sale).
 * 10**9 minor units is 10 000 000.00 CHF: no box-office operation comes near it, and a
 * typo of a few extra digits is refused (amount_too_large) before it reaches the ledger.
 */
export const amountMinorMax = 10 ** 9;

/**
 * Largest balance an account may reach (issue 12): a till's drawer, the safe, a contact's
 * credit balance or deferred outstanding, revenue and VAT per rate. An operation that
 * would carry a balance past it is refused (total_too_large) and writes nothing. 10**12
 * is 10 000 000 000.00 CHF, more than a box office takes in a century; at most 1 000
 * operations of amountMinorMax reach it, and thousands of balances at it still add up
 * exactly below 2**53, so a report's sum never loses a cent and the journal verifier
 * never sees tampering that rounding made.
 */
export const balanceMinorMax = 10 ** 12;

/**
 * The last instant a date field may name: 31.12.9999 23:59:59.999 UTC. Past it a date
 * cannot be printed (a report's period, a CSV cell: four-digit years, and Intl refuses
 * instants past ±8.64e15 ms), and no box-office period reaches it.
 */
export const timestampMsMax = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A basket longer than this is a mistake at a counter, not a sale. */
export const basketLinesMax = 200;

/** Seats sold on one line; a school group is large, a stadium block is another tool. */
export const lineQuantityMax = 500;

/** Payments on one order (split tender). */
export const paymentsPerOrderMax = 20;

/** Denomination rows in a cash count. */
export const denominationsMax = 40;

/**
 * Rows a report lists on screen and in its files; its totals still count every row. Past
 * it a till's screen slows and a PDF runs to hundreds of pages: a filter is the better tool.
 */
export const reportRowsMax = 2000;

/** Free text (reasons, references, names) stays readable on a receipt and in a report. */
export const textMax = 200;

/** Wrong PINs in a row before the user is locked out (issue 3). */
export const pinAttemptsMax = 5;

/** How long a lockout lasts. */
export const pinLockoutMs = 5 * 60 * 1000;

/** A login session on a till lasts one working day at most. */
export const sessionTokenTtlMs = 14 * 60 * 60 * 1000;

/** HTTP bodies above this are refused before parsing: no sale is that large. */
export const httpBodyBytesMax = 256 * 1024;

/** Rows a list method returns at once. */
export const listRowsMax = 500;

/**
 * Change above which the till asks the cashier to confirm before selling (issue 17): more
 * change than the largest note a customer commonly hands over (200.– in CHF, 200 € in EUR)
 * is most often an amount typed with a digit too many (50 000.– received for 135.–). The
 * cashier confirms the change, or goes back and corrects the amount. Change the drawer
 * cannot give back (more than the cash it holds) is always asked too.
 */
export const changeUnconfirmedMaxMinor = 200_00;

/** A PIN chosen at set-up, by an administrator's reset or by its user: at least 6 digits (issue 16). */
export const pinDigitsMin = 6;

/** At most 8 digits: the login's PIN field takes 4 to 8 (the demo's PINs are 6). */
export const pinDigitsMax = 8;

/** Seats of one performance: a large hall; a stadium is another tool. */
export const performanceCapacityMax = 100_000;

/** VAT rates an institution uses (Switzerland has three and 0). */
export const vatRatesMax = 10;

/** Payment methods one point of sale authorises. */
export const methodsPerPointOfSaleMax = 50;

/**
 * A contacts CSV file's characters: about a thousand contacts, within the HTTP door's body
 * limit once sent as JSON (accented letters take two bytes, quotes an escape).
 */
export const contactsCsvCharsMax = 100_000;

/** Contacts imported in one call (the preview's valid rows). */
export const contactsImportRowsMax = 1000;

/**
 * Tickets one refund names by id (the tickets handed back, issue 17). A larger return is
 * a group's, refunded by quantity per line; a door never receives a longer list.
 */
export const refundTicketsMax = 1000;
