/**
 * Accessibility: every view and the main dialogs, in the light and the dark theme, pass axe-core
 * (WCAG 2.0/2.1 A and AA rules) with no serious or critical violation; the navigation and a
 * dialog work with the keyboard only.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test as base, expect, startHost, type HostFixture } from './fixtures';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Nothing here writes to the database but the theme: one host (demo database) for the whole file. */
const test = base.extend<object, { sharedHost: HostFixture }>({
  sharedHost: [
    async ({}, use) => {
      const host = await startHost();
      await use({ url: host.url, dbPath: host.dbPath });
      host.process.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
});
test.describe.configure({ timeout: 120_000 });

async function open(page: Page, host: HostFixture, theme: 'light' | 'dark') {
  const url = new URL(host.url);
  const response = await page.request.post(`${url.origin}/api/settings.set`, {
    data: { key: 'ui.theme', value: theme },
    headers: { 'x-aiguillage-token': url.searchParams.get('token') ?? '' },
  });
  expect(response.ok()).toBe(true);
  await page.goto(host.url);
  await expect(page.locator(`.v-application.v-theme--${theme}`)).toBeVisible();
}

/** Fails with one readable line per serious or critical violation: rule, impact, element, why. */
async function expectNoViolation(page: Page) {
  // Let transitions end: axe reads the colours mid-fade otherwise and reports false contrasts.
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`));
  expect(found, `axe violations:\n${found.join('\n')}`).toEqual([]);
}

/** Clicks a navigation entry and waits for what shows the view is loaded. */
const viaNav = (name: string, loaded: (page: Page) => Promise<void>) => async (page: Page) => {
  await page.getByTestId(`nav-${name}`).click();
  await loaded(page);
};

/** Each view, reached as a user does, with what shows it is loaded. */
const VIEWS: { name: string; show: (page: Page) => Promise<void> }[] = [
  {
    // Qualified hot, so the temperature chip and the routing suggestion are on screen too.
    name: 'queue',
    show: viaNav('queue', async (page) => {
      await expect(page.getByTestId('queue-lead')).toBeVisible();
      await page.keyboard.press('h');
      await expect(page.getByTestId('lead-temperature')).toBeVisible();
      await expect(page.getByTestId('suggested-member')).toBeVisible();
    }),
  },
  { name: 'leads', show: viaNav('leads', (page) => expect(page.getByTestId('leads-table').getByRole('row').nth(1)).toBeVisible()) },
  {
    name: 'lead',
    show: viaNav('leads', async (page) => {
      await page.getByTestId('leads-table').getByRole('row').nth(1).click();
      await expect(page.getByTestId('lead-name')).toBeVisible();
    }),
  },
  {
    name: 'import',
    show: viaNav('leads', async (page) => {
      await page.getByTestId('open-import').click();
      await expect(page.getByTestId('import-file')).toBeAttached();
    }),
  },
  { name: 'map', show: viaNav('map', (page) => expect(page.getByTestId('territory-count')).toContainText(/\d/)) },
  {
    // Editing shows the drawing toolbar and the highlighted Edit button.
    name: 'map, editing',
    show: viaNav('map', async (page) => {
      await expect(page.getByTestId('territory-count')).toContainText(/\d/);
      await page.getByTestId('edit-toggle').click();
      await expect(page.locator('.leaflet-pm-toolbar').first()).toBeVisible();
    }),
  },
  { name: 'network', show: viaNav('network', (page) => expect(page.getByTestId('member-count')).toContainText('60')) },
  { name: 'dashboard', show: viaNav('dashboard', (page) => expect(page.getByTestId('chart-volume').locator('canvas')).toBeVisible()) },
  { name: 'reports', show: viaNav('reports', (page) => expect(page.getByTestId('report-table')).toBeVisible()) },
  { name: 'settings', show: viaNav('settings', (page) => expect(page.getByTestId('setting-theme')).toBeVisible()) },
];

/** Dialogs opened the way a user does, from their view. */
const DIALOGS: { name: string; open: (page: Page) => Promise<void> }[] = [
  {
    name: 'queue: BANT qualification',
    open: async (page) => {
      await page.getByTestId('nav-queue').click();
      await expect(page.getByTestId('queue-lead')).toBeVisible();
      await page.keyboard.press('b');
      await expect(page.getByTestId('bant-form')).toBeVisible();
    },
  },
  {
    name: 'queue: discard',
    open: async (page) => {
      await page.getByTestId('nav-queue').click();
      await expect(page.getByTestId('queue-lead')).toBeVisible();
      await page.keyboard.press('x');
      await expect(page.getByTestId('discard-form')).toBeVisible();
    },
  },
  {
    name: 'queue: another member',
    open: async (page) => {
      await page.getByTestId('nav-queue').click();
      await expect(page.getByTestId('queue-lead')).toBeVisible();
      await page.keyboard.press('w');
      await expect(page.getByTestId('suggested-member')).toBeVisible();
      await page.keyboard.press('o');
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'network: archive confirmation',
    open: async (page) => {
      await page.getByTestId('nav-network').click();
      await expect(page.getByTestId('member-count')).toContainText('60');
      await page.getByTestId('members-table').getByRole('button', { name: /archiv/i }).first().click();
      await expect(page.getByTestId('confirm-archive')).toBeVisible();
    },
  },
  {
    name: 'network: member form',
    open: async (page) => {
      await page.getByTestId('nav-network').click();
      await expect(page.getByTestId('member-count')).toContainText('60');
      await page.keyboard.press('n');
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'leads: member feedback import',
    open: async (page) => {
      await page.getByTestId('nav-leads').click();
      await page.getByTestId('open-feedback').click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'map: GeoJSON import',
    open: async (page) => {
      await page.getByTestId('nav-map').click();
      await expect(page.getByTestId('territory-count')).toContainText(/\d/);
      await page.getByTestId('geojson-import').click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`axe, ${theme} theme`, () => {
    for (const view of VIEWS) {
      test(`view ${view.name}`, async ({ page, sharedHost }) => {
        await open(page, sharedHost, theme);
        await view.show(page);
        await expectNoViolation(page);
      });
    }
    for (const dialog of DIALOGS) {
      test(`dialog ${dialog.name}`, async ({ page, sharedHost }) => {
        await open(page, sharedHost, theme);
        await dialog.open(page);
        await expectNoViolation(page);
      });
    }
  });
}

/** Presses Tab until `target` has the focus; fails if it is not reached within `max` presses. */
async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  throw new Error(`${target} not reached with ${max} presses of Tab`);
}

test.describe('keyboard only', () => {
  test('Tab and Enter go through the main navigation and reach every view', async ({ page, sharedHost }) => {
    await open(page, sharedHost, 'light');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('skip-to-content')).toBeFocused();
    for (const view of ['queue', 'leads', 'map', 'network', 'dashboard', 'reports', 'settings']) {
      // The navigation comes next in the tab order, one stop per view, in its visual order.
      await page.keyboard.press('Tab');
      const link = page.getByTestId(`nav-${view}`);
      await expect(link).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`#/${view}$`));
      await expect(link).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveCount(1);
    }
  });

  test('the first Tab offers to skip the navigation and goes to the view', async ({ page, sharedHost }) => {
    await open(page, sharedHost, 'light');
    await expect(page.getByTestId('member-count')).toContainText('60');
    const skip = page.getByTestId('skip-to-content');
    await expect(skip).not.toBeInViewport();
    await page.keyboard.press('Tab');
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/network$/);
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('new-member')).toBeFocused();
  });

  test('a lead of the list opens from the keyboard', async ({ page, sharedHost }) => {
    await open(page, sharedHost, 'light');
    await tabTo(page, page.getByTestId('nav-leads'));
    await page.keyboard.press('Enter');
    const first = page.getByTestId('leads-table').getByRole('link').first();
    const name = (await first.textContent())!.trim();
    await tabTo(page, first);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('lead-name')).toContainText(name);
  });

  test('a dialog opens with Enter or its key, closes with Escape and gives the focus back', async ({ page, sharedHost }) => {
    await open(page, sharedHost, 'light');
    await tabTo(page, page.getByTestId('nav-network'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('member-count')).toContainText('60');
    const dialog = page.getByRole('dialog');

    // From its button: the focus goes into the dialog and comes back to the button.
    await tabTo(page, page.getByTestId('new-member'));
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await expect.poll(() => dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('new-member')).toBeFocused();

    // From a single-key shortcut in the queue: back to where the focus was, the navigation link.
    await page.getByTestId('nav-queue').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('queue-lead')).toBeVisible();
    await page.keyboard.press('b');
    await expect(page.getByTestId('bant-form')).toBeVisible();
    await expect(page.getByTestId('field-budget').locator('input')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('nav-queue')).toBeFocused();
  });
});
