/**
 * Server mode in Chromium, on each engine: its own `aiguillage serve` on a fresh PostgreSQL
 * database with the demo seeded by the server, and on a copy of the run's played demo in SQLite
 * (tests/e2e/serve.ts); the first administrator from --admin-email, then a qualifier and a
 * coordinator created by the administrator. Two browser contexts, two people signed in at once.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { expectNoViolation } from './axe';
import { serveForTests, type ServerEngine } from './serve';
import { signIn } from './signed-in';
const PASSWORD = 'un mot de passe assez long';
const QUALIFIER = 'quentin@reseau.fr';
const COORDINATOR = 'camille@reseau.fr';

/** A new browser context signed in at `origin`; `screenshot` keeps the sign-in screen (checked by axe) first. */
async function signInPage(browser: Browser, origin: string, email: string, password: string, screenshot?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (screenshot) {
    await page.goto(origin);
    await expectNoViolation(page);
    await page.screenshot({ path: screenshot });
  }
  await signIn(page, origin, email, password);
  return page;
}

interface Answer {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { message: string } };
}

/** A command called from the page as its user: the session cookie goes by itself, the CSRF token from /me. */
function callAs(page: Page, method: string, input: object): Promise<Answer> {
  return page.evaluate(
    async ([method, input]) => {
      const me = (await (await fetch('/me')).json()) as { value: { csrf: string } };
      const response = await fetch(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aiguillage-csrf': me.value.csrf }, body: JSON.stringify(input) });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    },
    [method, input] as const,
  );
}

for (const engine of ['postgres', 'sqlite'] as ServerEngine[])
  test.describe(`on ${engine}`, () => {
    test.describe.configure({ mode: 'serial' });

    // SQLite: a copy of the demo played once for the run (playing it again here took over a minute at load 20).
    const server = serveForTests({ engine });

    /**
     * Opens the new-user dialog and waits for it to stand still: fill() does not wait for the opening
     * transition, at whose end the dialog moves the focus to its first field, and text typed into the
     * next field meanwhile landed in the e-mail (seen once in CI). A click waits for a stable element.
     */
    async function openNewUser(admin: Page) {
      await admin.getByTestId('user-new').click();
      await admin.getByTestId('user-email').locator('input').click();
    }

    test('the administrator creates two users in the Users view, a generated password shown once', async ({ browser }) => {
      const admin = await signInPage(browser, server.origin, 'admin@reseau.fr', server.adminPassword, `test-results/server-sign-in-${engine}.png`);
      await admin.getByTestId('nav-users').click();
      await expect(admin.getByTestId('user-row-admin@reseau.fr')).toBeVisible();
      for (const [email, name, role] of [
        [QUALIFIER, 'Quentin Qualif', 'Qualificateur'],
        [COORDINATOR, 'Camille Anim', 'Animateur'],
      ]) {
        await openNewUser(admin);
        await admin.getByTestId('user-email').locator('input').fill(email!);
        await admin.getByTestId('user-name').locator('input').fill(name!);
        await admin.getByTestId('user-role').click();
        await admin.getByRole('option', { name: role }).click();
        await admin.getByTestId('user-password').locator('input').fill(PASSWORD);
        await admin.keyboard.press('Enter');
        await expect(admin.getByTestId(`user-row-${email}`)).toContainText(role!);
      }
      // Without a password the server generates one, shown once.
      await openNewUser(admin);
      await admin.getByTestId('user-email').locator('input').fill('martin@reseau.fr');
      await admin.getByTestId('user-name').locator('input').fill('Martin Martin');
      await admin.getByTestId('user-create').click();
      await expect(admin.getByTestId('user-generated-password')).toHaveText(/^[\w-]{20}$/);
      await admin.getByTestId('user-handover-done').click();
      await expect(admin.getByTestId('user-generated-password')).toHaveCount(0);
      await expect(admin.getByTestId('user-row-martin@reseau.fr')).toContainText('Qualificateur');
      await expect(admin.locator('.v-overlay--active')).toHaveCount(0);
      await expectNoViolation(admin);
      await admin.screenshot({ path: `test-results/server-users-${engine}.png` });
      await admin.context().close();
    });

    test('a qualifier and a coordinator at once: each sees their own views, the server refuses the routing settings to the qualifier', async ({ browser }) => {
      const qualifier = await signInPage(browser, server.origin, QUALIFIER, PASSWORD);
      const coordinator = await signInPage(browser, server.origin, COORDINATOR, PASSWORD);

      // The qualifier lands on the queue; the map, the network and the users are not in the menu.
      await expect(qualifier).toHaveURL(/#\/queue$/);
      await expect(qualifier.getByTestId('queue-lead').getByTestId('lead-name')).toBeVisible();
      for (const hidden of ['nav-map', 'nav-network', 'nav-users', 'nav-dashboard']) await expect(qualifier.getByTestId(hidden)).toHaveCount(0);
      await qualifier.screenshot({ path: `test-results/server-qualifier-${engine}.png` });
      // Typing the address of a view not theirs leads back to theirs.
      await qualifier.goto(`${server.origin}/#/map`);
      await expect(qualifier).toHaveURL(/#\/queue$/);
      // Settings show no routing settings to the qualifier, and the server refuses them anyway.
      await qualifier.getByTestId('nav-settings').click();
      await expect(qualifier.getByRole('heading', { name: 'Paramètres' })).toBeVisible();
      await expect(qualifier.getByText('Réglages de routage')).toHaveCount(0);
      const settings = await callAs(coordinator, 'routing.settings.get', {});
      expect(settings.status).toBe(200);
      const refused = await callAs(qualifier, 'routing.settings.save', settings.body.value as object);
      expect(refused.status).toBe(403);
      expect(refused.body.error?.message).toContain('qualifier');

      // The coordinator has the network, the map and the routing settings.
      for (const shown of ['nav-network', 'nav-map', 'nav-settings']) await expect(coordinator.getByTestId(shown)).toBeVisible();
      await expect(coordinator.getByTestId('nav-queue')).toHaveCount(0);
      await coordinator.getByTestId('nav-settings').click();
      await expect(coordinator.getByTestId('routing-settings')).toBeVisible();

      // Each works: the qualifier qualifies the first lead of the queue (H), the coordinator saves the routing settings.
      await qualifier.getByTestId('nav-queue').click();
      await expect(qualifier.getByTestId('queue-lead').getByTestId('lead-name')).toBeVisible();
      await qualifier.keyboard.press('h');
      await expect(qualifier.getByTestId('queue-lead')).toBeVisible();
      const saved = await callAs(coordinator, 'routing.settings.save', settings.body.value as object);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);

      // Signing out ends the session: the sign-in screen again.
      await qualifier.getByTestId('account-menu').click();
      await qualifier.getByTestId('sign-out').click();
      await expect(qualifier.getByTestId('sign-in')).toBeVisible();
      await qualifier.context().close();
      await coordinator.context().close();
    });

    test('a wrong password is refused with a message that does not say which part was wrong; the user changes their own', async ({ browser }) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.origin}/#/leads`);
      await page.getByTestId('sign-in-email').locator('input').fill(QUALIFIER);
      await page.getByTestId('sign-in-password').locator('input').fill('pas le bon mot de passe');
      await page.getByTestId('sign-in-submit').click();
      await expect(page.getByTestId('sign-in-error')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
      // The right one opens the view the address asked for.
      await page.getByTestId('sign-in-password').locator('input').fill(PASSWORD);
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/#\/leads$/);
      await expect(page.getByTestId('account-menu')).toBeVisible();

      // The user changes their own password from the account menu: the current one is asked again.
      await page.getByTestId('account-menu').click();
      await page.getByTestId('change-password').click();
      await page.getByTestId('password-current').locator('input').fill('pas le bon mot de passe');
      await page.getByTestId('password-next').locator('input').fill('un tout nouveau mot de passe');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('password-current')).toContainText('Le mot de passe actuel est erroné.');
      await page.getByTestId('password-current').locator('input').fill(PASSWORD);
      await page.getByTestId('password-save').click();
      await expect(page.getByText('Mot de passe changé.')).toBeVisible();
      await expect(page.getByTestId('password-current')).toHaveCount(0);
      await context.close();
    });

    test('the audit log shows who did what, and what was refused', async ({ browser }) => {
      const admin = await signInPage(browser, server.origin, 'admin@reseau.fr', server.adminPassword);
      await admin.getByTestId('nav-settings').click();
      const log = admin.getByTestId('audit-log');
      await log.scrollIntoViewIfNeeded();
      const rows = log.getByTestId('audit-row');
      await expect(rows.first()).toBeVisible();
      await log.screenshot({ path: `test-results/server-audit-${engine}.png` });
      // A page holds ten entries: filtered by action, each kind is on the first.
      const only = async (action: string) => {
        // Typed: the menu's list is virtual, so an action scrolled out of it is not there to click.
        await log.getByTestId('audit-filter').locator('input:not([type=hidden])').fill(action);
        await admin.getByRole('option', { name: action, exact: true }).click();
        await expect(rows.first()).toContainText(action);
      };
      await only('Modification');
      await expect(rows.filter({ hasText: QUALIFIER }).filter({ hasText: 'leads.qualify' })).toHaveCount(1);
      await expect(rows.filter({ hasText: COORDINATOR }).filter({ hasText: 'routing.settings.save' })).toHaveCount(1);
      await only('Accès refusé');
      await expect(rows.filter({ hasText: QUALIFIER })).toContainText('routing.settings.save');
      await only('Mot de passe personnel changé');
      await expect(rows).toHaveCount(1);
      await expect(rows).toContainText(QUALIFIER);
      await admin.context().close();
    });
  });
