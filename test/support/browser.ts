import fs from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, which the browser tests drive (never a downloaded browser build). */
export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch headless Chromium, or fail saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`the browser tests need Chromium at ${CHROMIUM}: apt-get install chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Serve the app on a free loopback port; answers its origin and a close function. */
export async function serveOnLoopback(app: Express): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** What a page did that an offline page must not: requests leaving `origin` (aborted), script errors, console errors. */
export interface PageWatch {
  outside: string[];
  problems: string[];
}

/** A new page whose requests to any other origin are aborted and recorded, with its errors recorded too. */
export async function offlinePage(browser: Browser, origin: string): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext();
  const watch: PageWatch = { outside: [], problems: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
    watch.outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => watch.problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.problems.push(msg.text());
  });
  return { page, watch };
}
