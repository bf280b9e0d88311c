import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEventFeedDocument } from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium, offlinePage } from '../support/browser';
import { newLeave } from '../support/cases';

describe('GraphiQL subscriptions out of the box', () => {
  let t: TestApp;
  let origin: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    origin = await t.listen();
  });

  afterAll(async () => t?.close());

  it('runs a subscription in Chromium and shows the event a mutation causes', async () => {
    const id = await newLeave(t);
    const { cursor } = (await t.gqlOk(TEventFeedDocument, { after: 0, limit: 500 })).ticketEvents;
    const query = `subscription { ticketEvents(ticketId: ${id}, afterCursor: ${cursor}) { id type actor } }`;
    const browser = await launchChromium();
    try {
      const { page, watch } = await offlinePage(browser, origin);
      // GraphiQL opens with the query it last kept in localStorage.
      type Storing = { localStorage: { setItem(key: string, value: string): void } };
      await page.context().addInitScript((q) => (globalThis as unknown as Storing).localStorage.setItem('graphiql:query', q), query);
      await page.goto(`${origin}/graphql`);
      await page.locator('.graphiql-query-editor', { hasText: 'ticketEvents' }).waitFor({ timeout: 30_000 });
      await page.locator('.graphiql-execute-button').click();
      // The subscription is live once GraphiQL shows the stop button; the comment comes after.
      await page.locator('.graphiql-execute-button[aria-label*="Stop"]').waitFor({ timeout: 30_000 });
      expect((await t.rest('post', `/tickets/${id}/comments`, 'admin', { suggestion: 'seen in GraphiQL' })).body.code).toBe(0);
      await page.locator('.graphiql-response', { hasText: 'COMMENTED' }).waitFor({ timeout: 30_000 });
      expect(watch.outside).toEqual([]);
      expect(watch.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
