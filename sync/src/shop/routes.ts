// The web shop's side of the ledger server (seeds 003 and 000, online paths): to come.
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';

export type ShopApp = Hono<{ Variables: { pointOfSaleId: string } }>;

export function shopRoutes(_shop: ShopApp, _ctx: ServerContext): void {}
