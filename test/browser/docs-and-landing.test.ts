import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ROUTES } from '../../src/rest/routes';
import { TAGS } from '../../src/rest/openapi';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium, offlinePage, serveOnLoopback } from '../support/browser';

describe('the API docs page and the landing page, offline in Chromium', () => {
  let t: TestApp;
  let served: Awaited<ReturnType<typeof serveOnLoopback>>;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    served = await serveOnLoopback(t.app);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await t?.close();
  });

  it('the OpenAPI document names its server and tags every route with one of its areas', async () => {
    const { body } = await request(t.app).get('/api/v1.0/openapi.json').expect(200);
    expect(body.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(body.tags.map((tag: { name: string }) => tag.name)).toEqual(TAGS.map((tag) => tag.name));
    const used = new Set<string>();
    for (const route of ROUTES) {
      const tags = body.paths[`/api/v1.0${route.path}`][route.method].tags as string[];
      expect(tags, `${route.method} ${route.path}`).toHaveLength(1);
      used.add(tags[0]!);
    }
    expect([...used].sort()).toEqual(TAGS.map((tag) => tag.name).sort());
  });

  it('serves the docs page and its assets from this server only', async () => {
    const res = await request(t.app).get('/api/v1.0/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).not.toMatch(/https?:\/\//i);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    await request(t.app).get('/api/v1.0/docs/assets/swagger-ui-bundle.js').expect(200);
    await request(t.app).get('/api/v1.0/docs/assets/package.json').expect(404);
  });

  it('the docs page renders every area and opens a route, with every outside request blocked and none made', async () => {
    const { page, watch } = await offlinePage(browser, served.origin);
    await page.goto(`${served.origin}/api/v1.0/docs`);
    await page.locator('.opblock-tag', { hasText: 'App tokens' }).waitFor({ timeout: 30_000 });
    for (const tag of TAGS) await expect(page.locator('.opblock-tag', { hasText: tag.name }).count()).resolves.toBeGreaterThan(0);
    expect(await page.locator('.opblock').count()).toBe(ROUTES.length);
    await page.locator('.opblock-summary', { hasText: 'Create a ticket' }).first().click();
    await page.locator('.opblock-body', { hasText: 'loonflow envelope' }).first().waitFor({ timeout: 10_000 });
    expect(watch.outside).toEqual([]);
    expect(watch.problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('GET / links GraphiQL, the docs, health and metrics, and each link answers', async () => {
    const { page, watch } = await offlinePage(browser, served.origin);
    await page.goto(`${served.origin}/`);
    expect(await page.title()).toBe('loongate');
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(expect.arrayContaining(['/graphql', '/api/v1.0/docs', '/healthz', '/metrics']));
    for (const href of hrefs) {
      const res = await request(t.app).get(href!).set('Accept', 'text/html');
      expect(res.status, href!).toBe(200);
    }
    await page.locator('a', { hasText: 'REST API docs' }).click();
    await page.locator('.opblock-tag', { hasText: 'Tickets' }).waitFor({ timeout: 30_000 });
    await page.goto(`${served.origin}/`);
    await page.locator('a', { hasText: 'GraphiQL' }).click();
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    expect(watch.outside).toEqual([]);
    expect(watch.problems).toEqual([]);
    await page.context().close();
  }, 90_000);
});
