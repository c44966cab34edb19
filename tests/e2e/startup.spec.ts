/**
 * The view asked for in the address is the one shown, even when it is asked for while the app
 * is still starting (the start-up redirect to #/network used to win that race, and tests that
 * opened a view by its hash right after the first load failed now and then).
 */
import { test, expect } from './fixtures';

test('a view asked for by its hash while the app starts stays open, and a reload keeps it', async ({ page, host }) => {
  // Hold the Network view's code back so the start-up navigation is still under way for sure.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let delivered!: () => void;
  const networkLoaded = new Promise<void>((resolve) => (delivered = resolve));
  await page.route(/\/assets\/NetworkView-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
    delivered();
  });

  await page.goto(host.url, { waitUntil: 'domcontentloaded' });
  await page.goto(`${new URL(host.url).origin}/#/queue`);
  release();
  await networkLoaded;
  await expect(page.getByTestId('nav-queue')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('queue-lead')).toBeVisible();
  await expect(page).toHaveURL(/#\/queue$/);
  await expect(page.getByTestId('nav-network')).not.toHaveAttribute('aria-current', 'page');

  await page.reload();
  await expect(page.getByTestId('queue-lead')).toBeVisible();
  await expect(page).toHaveURL(/#\/queue$/);
});
