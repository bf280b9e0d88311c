import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium, offlinePage, serveOnLoopback } from '../support/browser';

describe('GraphiQL on the real app with the demo loaded', () => {
  let t: TestApp;
  let app: Express;
  let served: Awaited<ReturnType<typeof serveOnLoopback>>;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    app = t.app;
    served = await serveOnLoopback(app);
  });

  afterAll(async () => {
    await served?.close();
    await t?.close();
  });

  it('leaves GET /graphql for JSON clients to the GraphQL server', async () => {
    const res = await request(app).get('/graphql').set('Accept', 'application/json');
    expect(res.text).not.toContain('GraphiQL');
  });

  it('prefills the demo app token and an example query', async () => {
    const res = await request(app).get('/graphql').set('Accept', 'text/html').expect(200);
    expect(res.text).toContain('Bearer 8cd585da-3cc6-11e8-9946-784f437daad6');
    expect(res.text).toContain('workflows');
  });

  it('serves a self-contained HTML page with a nonce CSP', async () => {
    const res = await request(app).get('/graphql').set('Accept', 'text/html').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>GraphiQL</title>');
    expect(res.text).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    expect(res.text).not.toMatch(/https?:\/\//i);
    const nonce = /<script nonce="([^"]+)">/.exec(res.text)?.[1];
    expect(nonce).toBeTruthy();
    expect(res.headers['content-security-policy']).toContain(`script-src 'self' 'nonce-${nonce}'`);
  });

  it('serves cached assets from installed packages', async () => {
    for (const name of ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'graphiql.min.css']) {
      const res = await request(app).get(`/graphiql/assets/${name}`).expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=86400');
    }
    await request(app).get('/graphiql/assets/package.json').expect(404);
  });

  it('runs a query in Chromium without leaving the machine', async () => {
    const browser = await launchChromium();
    try {
      const { page, watch } = await offlinePage(browser, served.origin);
      const urls: string[] = [];
      page.on('request', (req) => urls.push(req.url()));
      await page.goto(`${served.origin}/graphql`);
      await page.locator('.graphiql-execute-button').click();
      await page.locator('.graphiql-response', { hasText: '请假流程' }).waitFor({ timeout: 30_000 });

      expect(await page.title()).toContain('GraphiQL');
      expect(urls).toContain(`${served.origin}/graphql`);
      expect(watch.outside).toEqual([]);
      expect(watch.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
