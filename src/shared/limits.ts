// Every upper bound the till enforces, each with the reason for it.

/**
 * Largest amount in minor units that any single field may carry.
 * 2**50 keeps sums of many amounts (a Z report adds up a year of sales) far below
 * Number.MAX_SAFE_INTEGER (2**53), so integer arithmetic on amounts stays exact
 * (Actual's safeNumber makes the same argument).
 */
export const amountMinorMax = 2 ** 50;

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
