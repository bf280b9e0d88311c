import fs from 'node:fs';
import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowLog, Ticket } from '../../src/db/entities';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';
import { fingerprint } from '../support/snapshot';
import { issueSigningSecret, opsToken } from '../support/tokens';

const SPA = path.join(__dirname, '..', '..', 'examples', 'spa');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A static server for examples/spa on a loopback port of its own: another origin than the API. */
async function serveSpa(): Promise<{ server: Server; origin: string }> {
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
    const file = path.join(SPA, name);
    if (!TYPES[path.extname(file)] || !fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)]! }).end(fs.readFileSync(file));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

describe.each(dialects())('the example SPA on another origin, through CORS (%s)', (dialect) => {
  let t: TestApp;
  let allowed: { server: Server; origin: string };
  let refused: { server: Server; origin: string };
  let api: Server;
  let apiOrigin: string;
  let browser: Browser;
  let secret: string;

  beforeAll(async () => {
    allowed = await serveSpa();
    refused = await serveSpa();
    t = await startTestApp(dialect, { LOONGATE_CORS_ORIGINS: allowed.origin });
    api = t.app.listen(0, '127.0.0.1');
    await once(api, 'listening');
    apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    secret = await issueSigningSecret(t);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await close(api);
    await close(allowed?.server);
    await close(refused?.server);
    await t?.close();
  });

  async function signIn(page: Page, origin: string, username: string): Promise<void> {
    await page.goto(`${origin}/index.html`);
    await page.fill('#server', apiOrigin);
    await page.fill('#token', await opsToken(secret, username));
    await page.click('#signin-button');
  }

  it('signs in with a per-user token, lists my todo, opens a ticket and handles it', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => void (msg.type() === 'error' && problems.push(msg.text())));

    await signIn(page, allowed.origin, 'webb');
    await page.locator('#status', { hasText: 'Signed in' }).waitFor();
    expect(await page.textContent('#me')).toContain('webb');
    await page.locator('#open-form input[name="date_end"]').waitFor();
    await page.fill('#open-form input[name="title"]', 'browser trip');
    await page.fill('#open-form input[name="reason"]', 'holiday');
    await page.fill('#open-form input[name="date_start"]', '2026-12-01 09:00:00');
    await page.fill('#open-form input[name="date_end"]', '2026-12-05 18:00:00');
    await page.click('#open-form button:has-text("提交")');
    await page.locator('#status', { hasText: 'Opened' }).waitFor();
    const ticket = await t.orm.em.fork().findOneOrFail(Ticket, { title: 'browser trip' });
    expect(ticket).toMatchObject({ creator: 'webb', stateId: 2 });

    await page.click('#signout');
    await signIn(page, allowed.origin, 'admin');
    const row = page.locator('#todo tr', { hasText: 'browser trip' });
    await row.waitFor();
    await row.locator('button.handle').click();
    await page.click('#transitions button:has-text("同意")');
    await page.locator('#status', { hasText: `Ticket ${ticket.id}: 同意 → 人事审批中` }).waitFor();

    const em = t.orm.em.fork();
    expect((await em.findOneOrFail(Ticket, ticket.id)).stateId).toBe(3);
    expect((await em.find(FlowLog, { ticketId: ticket.id }, { orderBy: { id: 'asc' } })).map((l) => l.participant)).toEqual(['webb', 'admin']);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('is refused from an origin the allow-list does not name: the browser blocks it and nothing changes', async () => {
    const before = await fingerprint(t.orm);
    const page = await browser.newPage();
    await signIn(page, refused.origin, 'webb');
    await page.locator('#status', { hasText: 'Sign-in failed: Failed to fetch' }).waitFor();
    const token = await opsToken(secret, 'webb');
    const mutation = await page.evaluate(
      async ({ url, token }) =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: 'mutation { addTicketComment(input: { ticketId: 1, suggestion: "x" }) { id } }' }),
        }).then(
          () => 'answered',
          (err: Error) => `${err.name}: ${err.message}`,
        ),
      { url: apiOrigin, token },
    );
    expect(mutation).toBe('TypeError: Failed to fetch');
    expect(await fingerprint(t.orm)).toBe(before);
    await page.close();
  }, 60_000);
});
