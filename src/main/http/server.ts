// Starts web mode: the till on a data folder, served on 127.0.0.1 only.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { durabilityOf } from '../kernel/db/connection.ts';
import { appVersion } from '../kernel/config.ts';
import { openTill, type Till, type TillOptions } from '../till.ts';
import { createHttpApp } from './app.ts';

export interface WebModeOptions extends TillOptions {
  /** 0 picks a free port (tests). */
  port: number;
  staticDir?: string;
}

export interface WebMode {
  url: string;
  port: number;
  till: Till;
  close(): Promise<void>;
}

export async function startWebMode(options: WebModeOptions): Promise<WebMode> {
  const till = openTill(options);
  const hosts: string[] = [];
  const app = createHttpApp({
    dispatch: till.dispatch,
    allowedHosts: hosts,
    staticDir: options.staticDir,
    language: options.language,
    health: () => ({ version: appVersion, tillId: till.context.tillId, ...durabilityOf(till.context.db) }),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  // the Host header must name exactly what we serve: a rebound DNS name is refused
  hosts.push(`127.0.0.1:${port}`, `localhost:${port}`);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    till,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          till.close();
          resolve();
        });
        if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
      }),
  };
}
