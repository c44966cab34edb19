/**
 * Accessibility: every view, the dialogs, the open dropdown menus and the recovery screen, in
 * the light and the dark theme, pass axe-core (WCAG 2.0/2.1 A and AA rules) with no serious or
 * critical violation; the charts have a text alternative; the navigation and a dialog work with
 * the keyboard only.
 */
import type { Locator, Page } from '@playwright/test';
import { drawPolygon } from './drawing';
import { test as base, callApi, damage, expect, startHost, stopHost, type HostFixture } from './fixtures';
import { expectNoViolation } from './axe';

/**
 * Nothing here writes to the database but the theme and the queue's first leads: one host (demo
 * database) for the whole file, and one on a damaged database for the recovery screen.
 */
const test = base.extend<object, { sharedHost: HostFixture; damagedHost: HostFixture }>({
  sharedHost: [
    async ({ playwright }, use) => {
      const host = await startHost();
      // The queue tests qualify its first lead and look at its routing suggestion: leads older than
      // the demo's (some of its own wait in white zones, with no member to suggest), in a member's zone.
      const request = await playwright.request.newContext();
      for (let i = 0; i < 4; i++) {
        await callApi(request, host.url, 'leads.create', {
          lastName: `Axe${i}`,
          phone: `06 20 00 00 0${i}`,
          postalCode: '37000',
          city: 'Tours',
          product: 'Pompe à chaleur',
          receivedAt: Date.UTC(2020, 0, 6, 9, i),
        });
      }
      await request.dispose();
      await use({ url: host.url, dbPath: host.dbPath });
      host.process.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
  damagedHost: [
    async ({ playwright }, use) => {
      const first = await startHost(['--no-demo']);
      // A backup to offer; taking it also writes the database file out, so the damage lands on it.
      const request = await playwright.request.newContext();
      await callApi(request, first.url, 'database.backup', {});
      await request.dispose();
      await stopHost(first.process);
      damage(first.dbPath);
      const host = await startHost(['--no-demo'], {}, first.dbPath);
      await use({ url: host.url, dbPath: host.dbPath });
      await stopHost(host.process);
    },
    { scope: 'worker' },
  ],
});

async function open(page: Page, host: HostFixture, theme: 'light' | 'dark') {
  await callApi(page.request, host.url, 'settings.set', { key: 'ui.theme', value: theme });
  await page.goto(host.url);
  await expect(page.locator(`.v-application.v-theme--${theme}`)).toBeVisible();
}

/** Clicks a navigation entry and waits for what shows the view is loaded. */
const viaNav = (name: string, loaded: (page: Page) => Promise<void>) => async (page: Page) => {
  await page.getByTestId(`nav-${name}`).click();
  await loaded(page);
};

/** The page of the newest lead, opened from the list. */
async function toLead(page: Page) {
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('leads-table').getByRole('row').nth(1).click();
  await expect(page.getByTestId('lead-name')).toBeVisible();
}

/** Opens a dropdown from its field or button and waits for its entries (a select's listbox unless told). */
async function openMenu(page: Page, activator: Locator, list: Locator = page.getByRole('listbox')) {
  await activator.click();
  await expect(list.locator('.v-list-item').first()).toBeVisible();
}

/** A screen to check, and how a user gets there. */
interface Case {
  name: string;
  open: (page: Page) => Promise<void>;
}

/** The map and the network, loaded: their counters show. */
const mapLoaded = (page: Page) => expect(page.getByTestId('territory-count')).toContainText(/\d/);
const networkLoaded = (page: Page) => expect(page.getByTestId('member-count')).toContainText('60');

/** The queue's first lead, then keys pressed one after the other, each waiting for what it shows. */
const fromQueue = (...keys: [key: string, shows: (page: Page) => Locator[]][]) =>
  viaNav('queue', async (page) => {
    await expect(page.getByTestId('queue-lead')).toBeVisible();
    for (const [key, shows] of keys) {
      await page.keyboard.press(key);
      for (const shown of shows(page)) await expect(shown).toBeVisible();
    }
  });

/** Each view, reached as a user does, with what shows it is loaded. */
const VIEWS: Case[] = [
  {
    // Qualified hot, so the temperature chip and the routing suggestion are on screen too.
    name: 'queue',
    open: fromQueue(['h', (page) => [page.getByTestId('lead-temperature'), page.getByTestId('suggested-member')]]),
  },
  { name: 'leads', open: viaNav('leads', (page) => expect(page.getByTestId('leads-table').getByRole('row').nth(1)).toBeVisible()) },
  { name: 'lead', open: toLead },
  {
    name: 'import',
    open: viaNav('leads', async (page) => {
      await page.getByTestId('open-import').click();
      await expect(page.getByTestId('import-file')).toBeAttached();
    }),
  },
  { name: 'map', open: viaNav('map', mapLoaded) },
  {
    // Editing shows the drawing toolbar and the highlighted Edit button.
    name: 'map, editing',
    open: viaNav('map', async (page) => {
      await mapLoaded(page);
      await page.getByTestId('edit-toggle').click();
      await expect(page.locator('.leaflet-pm-toolbar').first()).toBeVisible();
    }),
  },
  { name: 'network', open: viaNav('network', networkLoaded) },
  { name: 'dashboard', open: viaNav('dashboard', (page) => expect(page.getByTestId('chart-volume').locator('canvas')).toBeVisible()) },
  { name: 'reports', open: viaNav('reports', (page) => expect(page.getByTestId('report-table')).toBeVisible()) },
  { name: 'settings', open: viaNav('settings', (page) => expect(page.getByTestId('setting-theme')).toBeVisible()) },
  {
    // The start took a scheduled backup: its row and Restore button are listed.
    name: 'settings, backups',
    open: viaNav('settings', async (page) => {
      await page.getByTestId('backups-settings').scrollIntoViewIfNeeded();
      await expect(page.getByTestId('backup-row').first()).toBeVisible();
    }),
  },
];

/** Dialogs opened the way a user does, from their view. */
const DIALOGS: Case[] = [
  { name: 'queue: BANT qualification', open: fromQueue(['b', (page) => [page.getByTestId('bant-form')]]) },
  { name: 'queue: discard', open: fromQueue(['x', (page) => [page.getByTestId('discard-form')]]) },
  { name: 'queue: another member', open: fromQueue(['w', (page) => [page.getByTestId('suggested-member')]], ['o', (page) => [page.getByRole('dialog')]]) },
  {
    name: 'network: archive confirmation',
    open: viaNav('network', async (page) => {
      await networkLoaded(page);
      await page
        .getByTestId('members-table')
        .getByRole('button', { name: /archiv/i })
        .first()
        .click();
      await expect(page.getByTestId('confirm-archive')).toBeVisible();
    }),
  },
  {
    name: 'network: member form',
    open: viaNav('network', async (page) => {
      await networkLoaded(page);
      await page.keyboard.press('n');
      await expect(page.getByRole('dialog')).toBeVisible();
    }),
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
    open: viaNav('map', async (page) => {
      await mapLoaded(page);
      await page.getByTestId('geojson-import').click();
      await expect(page.getByRole('dialog')).toBeVisible();
    }),
  },
  {
    // Drawn and left unsaved: the shared database keeps its territories.
    name: 'map: new territory',
    open: viaNav('map', async (page) => {
      await mapLoaded(page);
      await page.getByTestId('edit-toggle').click();
      await page.locator('.leaflet-pm-icon-polygon').click();
      const box = (await page.getByTestId('map').boundingBox())!;
      await drawPolygon(
        page,
        [
          [0.5, 0.45],
          [0.56, 0.45],
          [0.53, 0.52],
        ].map(([fx, fy]) => [box.x + box.width * fx!, box.y + box.height * fy!]),
      );
      await expect(page.getByTestId('territory-dialog')).toBeVisible();
    }),
  },
  {
    // With a row being added (not saved), so the editor's fields are checked too.
    name: 'dashboard: planning targets',
    open: async (page) => {
      await page.getByTestId('nav-dashboard').click();
      await page.getByTestId('targets-edit').click();
      await expect(page.getByTestId('targets-dialog')).toBeVisible();
      await page.getByTestId('target-add').click();
      await expect(page.getByTestId('target-row-0')).toBeVisible();
    },
  },
  {
    name: 'lead: erase personal data',
    open: async (page) => {
      await toLead(page);
      await page.getByTestId('personal-data').click();
      await page.getByTestId('personal-data-erase').click();
      await expect(page.getByTestId('erase-leads')).toBeVisible();
    },
  },
  {
    name: 'settings: restore a backup',
    open: async (page) => {
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('backups-settings').getByTestId('backup-restore').first().click();
      await expect(page.getByTestId('restore-dialog')).toBeVisible();
    },
  },
];

/** Dropdown menus and select lists, open. */
const MENUS: Case[] = [
  {
    name: 'lead personal data',
    open: async (page) => {
      await toLead(page);
      await openMenu(page, page.getByTestId('personal-data'), page.getByTestId('personal-data-menu'));
    },
  },
  { name: 'dashboard period', open: viaNav('dashboard', (page) => openMenu(page, page.getByTestId('filter-period'))) },
  { name: 'dashboard département', open: viaNav('dashboard', (page) => openMenu(page, page.getByTestId('filter-departement'))) },
  { name: 'leads status, several choices', open: viaNav('leads', (page) => openMenu(page, page.getByTestId('filter-status'))) },
  { name: 'settings language', open: viaNav('settings', (page) => openMenu(page, page.getByTestId('setting-locale'))) },
  {
    name: 'map place search',
    open: viaNav('map', async (page) => {
      await page.getByTestId('place-search').locator('input').fill('Tours');
      await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
    }),
  },
];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`axe, ${theme} theme`, () => {
    for (const [kind, cases] of [
      ['view', VIEWS],
      ['dialog', DIALOGS],
      ['menu', MENUS],
    ] as const) {
      for (const c of cases) {
        test(`${kind} ${c.name}`, async ({ page, sharedHost }) => {
          await open(page, sharedHost, theme);
          await c.open(page);
          await expectNoViolation(page);
        });
      }
    }
  });
}

// The recovery screen cannot read the settings: it follows the system's colour scheme.
for (const theme of ['light', 'dark'] as const) {
  test.describe(`axe, recovery screen, ${theme} theme`, () => {
    test.beforeEach(async ({ page, damagedHost }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(damagedHost.url);
      await expect(page.locator(`.v-application.v-theme--${theme}`)).toBeVisible();
      await expect(page.getByTestId('recovery-title')).toBeVisible();
      await expect(page.getByTestId('backup-row').first()).toBeVisible();
    });

    test('the screen', async ({ page }) => {
      await expectNoViolation(page);
    });

    test('the technical detail, open', async ({ page }) => {
      await page.getByTestId('recovery-detail').getByRole('button').click();
      await expect(page.getByTestId('recovery-message')).toBeVisible();
      await expectNoViolation(page);
    });

    test('the restore confirmation', async ({ page }) => {
      await page.getByTestId('backup-restore').first().click();
      await expect(page.getByTestId('restore-dialog')).toBeVisible();
      await expectNoViolation(page);
    });
  });
}

test.describe('charts', () => {
  test('each dashboard chart is an image named by its title and a summary of its values', async ({ page, sharedHost }) => {
    await open(page, sharedHost, 'light');
    await page.getByTestId('nav-dashboard').click();
    // 90 days by default: summed up as a span rather than read out day by day.
    await expect(page.getByTestId('chart-volume').getByRole('img')).toHaveAttribute(
      'aria-label',
      /^Volume dans le temps\. Leads — \d+ valeurs de \d{4}-\d\d-\d\d à \d{4}-\d\d-\d\d ; minimum \d+ \(.+\), maximum \d+ \(.+\), dernière \d+\.$/,
    );
    await expect(page.getByTestId('chart-temperature').getByRole('img')).toHaveAttribute('aria-label', /^Répartition par température\. .*Froid : \d/);
    const charts = await page.getByTestId('chart').all();
    expect(charts.length).toBeGreaterThan(5);
    for (const chart of charts) await expect(chart).toHaveAttribute('aria-label', /^[^.]+\. \S/);
  });
});

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
    // The view's first control: its header's first button (import, then export, then the primary action).
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('member-import')).toBeFocused();
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
