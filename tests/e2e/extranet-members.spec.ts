/**
 * A member administrator in Chromium (issue 18), on its own `aiguillage serve`: the head office
 * invites them from the member's people in the network view; on a phone (375 px) their first
 * sign-in leads them to set up two-step verification before anything else; they invite a
 * salesperson of their own, see their figures against the network's median, disable the
 * salesperson; their next sign-in asks for a code; the head office resets their second factor.
 * axe on each new page at 375 px and on a desktop, screenshots of each.
 */
import { test, expect, type Page } from '@playwright/test';
import { call, createTestMember, look as shot, signIn, totpCode } from './signed-in';
import { serveForTests } from './serve';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const PASSWORD = 'le mot de passe de l’administratrice';

test.describe.configure({ mode: 'serial' });
const server = serveForTests({ engine: 'postgres', demo: false });

/** The code an authenticator app shows now (or `offset` steps of 30 s away). */

const look = (page: Page, name: string) => shot(page, `extranet-members-${name}`);

/** Both widths, each checked by axe and kept as a screenshot. */
async function lookBoth(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  await look(page, `${name}-375`);
  await page.setViewportSize(DESKTOP);
  await look(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
}

test('a member administrator set up by the head office manages their people with two-step verification, and sees their figures', async ({ browser }) => {
  test.setTimeout(300_000);
  const office = await (await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' })).newPage();
  await signIn(office, server.origin, 'admin@reseau.fr', server.adminPassword);
  const member = await createTestMember(office, 'Solaire Loire', 'contact@solaire-loire.fr');

  // The head office invites the member's administrator from the member's people in the network view.
  // The network view opened at sign-in, before the member existed: read it again.
  await office.reload();
  await expect(office.getByTestId(`member-people-${member.id}`)).toBeVisible();
  await office.getByTestId(`member-people-${member.id}`).click();
  const people = office.getByTestId('member-people');
  await expect(people).toContainText('Solaire Loire');
  await office.getByTestId('member-people-name').locator('input').fill('Ada Gérante');
  await office.getByTestId('member-people-email').locator('input').fill('ada@solaire-loire.fr');
  await office.getByTestId('member-people-role').click();
  await office.getByRole('option', { name: 'Administrateur membre', exact: true }).click();
  await office.getByTestId('member-people-send').click();
  await expect(people).toContainText('Invitation envoyée à ada@solaire-loire.fr');
  await expect(office.getByTestId('member-people-list')).toContainText('ada@solaire-loire.fr');
  await look(office, 'office-people-desktop');
  await office.getByTestId('member-people-close').click();
  const mails = await call<{ recipient: string; body: string }[]>(office, 'mail.outbox.list', {});
  const link = /(http\S+#\/invitation\/[\w-]+)/.exec(mails.find((m) => m.recipient === 'ada@solaire-loire.fr')!.body)![1]!;

  // On her phone: the link, her password, then two-step verification before anything else.
  let phone = await (await browser.newContext({ viewport: PHONE, locale: 'fr-FR' })).newPage();
  await phone.goto(link);
  await phone.getByTestId('invitation-password').locator('input').fill(PASSWORD);
  await phone.getByTestId('invitation-submit').click();
  await expect(phone.getByTestId('second-factor-setup')).toBeVisible();
  await expect(phone.getByTestId('extranet-menu')).toHaveCount(0);
  await lookBoth(phone, 'setup');
  await phone.getByTestId('second-factor-start').click();
  const secret = (await phone.getByTestId('second-factor-secret').innerText()).trim();
  await expect(phone.getByTestId('second-factor-link')).toHaveAttribute('href', /^otpauth:\/\/totp\/Aiguillage:ada%40solaire-loire\.fr\?/);
  await lookBoth(phone, 'setup-key');
  await phone.getByTestId('second-factor-code').locator('input').fill('000000');
  await phone.getByTestId('second-factor-confirm').click();
  await expect(phone.getByRole('alert')).toContainText('erroné');
  await phone.getByTestId('second-factor-code').locator('input').fill(totpCode(secret));
  await phone.getByTestId('second-factor-confirm').click();
  await expect(phone.getByTestId('extranet-menu')).toBeVisible();

  // Her team: she invites a salesperson of her own member.
  await phone.getByTestId('extranet-menu').click();
  await phone.getByTestId('extranet-nav-team').click();
  await phone.getByTestId('team-invite-name').locator('input').fill('Sam Vendeur');
  await phone.getByTestId('team-invite-email').locator('input').fill('sam@solaire-loire.fr');
  await phone.getByTestId('team-invite-send').click();
  await expect(phone.getByTestId('team-list')).toContainText('sam@solaire-loire.fr');
  await expect(phone.getByTestId('team-list')).toContainText('Invité');
  await lookBoth(phone, 'team');
  const team = await call<{ id: number; email: string; role: string; memberId?: number }[]>(phone, 'extranet.team', {});
  const sam = team.find((p) => p.email === 'sam@solaire-loire.fr')!;
  expect(sam.role).toBe('salesperson');
  await phone.getByTestId(`team-disable-${sam.id}`).click();
  await expect(phone.getByTestId(`team-state-${sam.id}`)).toHaveText('Désactivé');

  // Her figures against the network's median; then she switches to English, which her account keeps.
  await phone.getByTestId('extranet-menu').click();
  await phone.getByTestId('extranet-nav-figures').click();
  await expect(phone.getByTestId('figures')).toContainText('Leads reçus');
  await expect(phone.getByTestId('figures')).toContainText('Médiane du réseau');
  await lookBoth(phone, 'figures');
  await phone.getByTestId('extranet-language').click();
  await expect(phone.getByTestId('figures')).toContainText('Network median');
  await look(phone, 'figures-en-375');

  // Security page: on, and kept on (her role requires it).
  await phone.getByTestId('extranet-menu').click();
  await phone.getByTestId('extranet-nav-security').click();
  await expect(phone.getByTestId('second-factor-on')).toBeVisible();
  await expect(phone.getByTestId('second-factor-off')).toHaveCount(0);
  await lookBoth(phone, 'security');

  // Signed out, the password alone is not enough: the code field comes, and the next step's code signs in,
  // here on another phone whose browser is in French: the extranet opens in the English her account keeps.
  await phone.getByTestId('extranet-sign-out').click();
  await expect(phone.getByTestId('sign-in-email')).toBeVisible();
  phone = await (await browser.newContext({ viewport: PHONE, locale: 'fr-FR' })).newPage();
  await phone.goto(server.origin);
  await phone.getByTestId('sign-in-email').locator('input').fill('ada@solaire-loire.fr');
  await phone.getByTestId('sign-in-password').locator('input').fill(PASSWORD);
  await phone.getByTestId('sign-in-submit').click();
  await expect(phone.getByTestId('sign-in-code')).toBeVisible();
  await look(phone, 'sign-in-code-375');
  await phone.getByTestId('sign-in-code').locator('input').fill(totpCode(secret, 1));
  await phone.getByTestId('sign-in-submit').click();
  await expect(phone.getByTestId('extranet-menu')).toBeVisible();
  await expect(phone.getByTestId('extranet-language')).toHaveText('Français');
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en');
  await phone.getByTestId('extranet-language').click();
  await expect(phone.getByTestId('extranet-language')).toHaveText('English');

  // She lost her phone: the head office resets it, her session ends, and her next sign-in asks for a new set-up.
  await office.getByTestId(`member-people-${member.id}`).click();
  const ada = (await call<{ id: number; email: string }[]>(office, 'members.people', { memberId: member.id })).find((p) => p.email === 'ada@solaire-loire.fr')!;
  await office.getByTestId(`member-people-reset-${ada.id}`).click();
  await expect(office.getByTestId('member-people')).toContainText('Validation en deux étapes réinitialisée');
  await phone.reload();
  await expect(phone.getByTestId('sign-in-email')).toBeVisible();
  await phone.getByTestId('sign-in-email').locator('input').fill('ada@solaire-loire.fr');
  await phone.getByTestId('sign-in-password').locator('input').fill(PASSWORD);
  await phone.getByTestId('sign-in-submit').click();
  await expect(phone.getByTestId('second-factor-setup')).toBeVisible();
});
