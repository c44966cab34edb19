/**
 * The member extranet in Chromium (issue 18), on its own `aiguillage serve` on PostgreSQL
 * (tests/e2e/serve.ts): the head office invites a member's salesperson and dispatches a lead to
 * the member; the salesperson opens the invitation link on a phone-sized screen (375 px), chooses
 * a password, sees the lead without the prospect's contact details, accepts it, sees them,
 * records a quote then the sale; the head office's lead page, dashboard and monthly report show the sale. Screenshots at 375 px and on a desktop, axe on each page.
 */
import { test, expect, type Page } from '@playwright/test';
import { call, createTestMember, look as shot, signIn } from './signed-in';
import { serveForTests } from './serve';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };

test.describe.configure({ mode: 'serial' });
const server = serveForTests({ engine: 'postgres', demo: false });

const look = (page: Page, name: string) => shot(page, `extranet-${name}`);

test('a salesperson invited by the head office answers a dispatched lead on a phone; the head office sees the sale', async ({ browser }) => {
  test.setTimeout(240_000);
  // The head office: the administrator signs in, invites a salesperson of a member and dispatches a lead to that member.
  const office = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await signIn(office, server.origin, 'admin@reseau.fr', server.adminPassword);
  const member = await createTestMember(office, 'Solaire Touraine', 'contact@solaire-touraine.fr');
  await call(office, 'members.invite', { memberId: member.id, email: 'sophie@membre.fr', displayName: 'Sophie Vendeur', role: 'salesperson', origin: server.origin });
  const { lead } = await call<{ lead: { id: number } }>(office, 'leads.create', {
    firstName: 'Hélène',
    lastName: 'Extranetti',
    phone: '06 98 76 54 32',
    email: 'helene@exemple.fr',
    postalCode: '37000',
    city: 'Tours',
    product: 'Pompe à chaleur air-eau',
  });
  await call(office, 'leads.qualify', { id: lead.id, temperature: 'hot', bant: { budgetCents: 1_200_000, timeline: 'within_3_months' } });
  await call(office, 'routing.dispatch', { leadId: lead.id, memberId: member.id, reason: 'e2e' });
  const mails = await call<{ recipient: string; body: string }[]>(office, 'mail.outbox.list', {});
  const mail = mails.find((m) => m.recipient === 'sophie@membre.fr');
  const link = /(http\S+#\/invitation\/[\w-]+)/.exec(mail!.body)![1]!;

  // The salesperson, on a phone: the invitation link opens a page; only its form acts.
  const phone = await (await browser.newContext({ viewport: PHONE, locale: 'fr-FR' })).newPage();
  await phone.goto(link);
  await expect(phone.getByTestId('invitation-form')).toContainText('sophie@membre.fr');
  await look(phone, 'invitation-375');
  await phone.getByTestId('invitation-password').locator('input').fill('mon mot de passe à moi');
  await phone.getByTestId('invitation-submit').click();

  // The inbox: the lead waits, with its clock, and no name, phone or e-mail of the prospect.
  const card = phone.getByTestId(`extranet-card-${lead.id}`);
  await expect(card).toBeVisible();
  await expect(card).toContainText('Tours');
  await expect(card.getByTestId('extranet-clock')).toContainText('Répondre sous');
  await expect(phone.locator('body')).not.toContainText('Extranetti');
  await expect(phone.locator('body')).not.toContainText('06 98');
  await look(phone, 'inbox-375');

  // The lead page: still no contact details; Accept shows them, with tap-to-call.
  await card.getByRole('link').click();
  await expect(phone.getByTestId('extranet-contact-hidden')).toBeVisible();
  await expect(phone.locator('body')).not.toContainText('Extranetti');
  await look(phone, 'lead-375');
  await phone.getByTestId('extranet-accept').click();
  const contact = phone.getByTestId('extranet-contact');
  await expect(contact).toContainText('Hélène Extranetti');
  await expect(contact.locator('a[href^="tel:"]')).toHaveAttribute('href', 'tel:+33698765432');

  // A first quote with its amount, then the sale.
  await phone.getByTestId('step-quote_1').click();
  await phone.getByTestId('step-amount').locator('input').fill('11 500');
  await look(phone, 'lead-step-375');
  await phone.getByTestId('workflow-actions').screenshot({ path: 'test-results/extranet-lead-step-form-375.png' });
  await phone.getByTestId('step-confirm').click();
  await expect(phone.getByTestId('extranet-timeline')).toContainText('Premier devis');
  await phone.getByTestId('step-won').click();
  await phone.getByTestId('step-amount').locator('input').fill('11900');
  await phone.getByTestId('step-confirm').click();
  await expect(phone.getByTestId('extranet-timeline')).toContainText('Gagné');
  await expect(phone.getByTestId('extranet-timeline')).toContainText('11');
  await look(phone, 'lead-won-375');

  // The same pages on a desktop.
  await phone.setViewportSize(DESKTOP);
  await look(phone, 'lead-won-desktop');
  await phone.getByTestId('extranet-back').click();
  await phone.getByTestId('extranet-tab-closed').click();
  await expect(phone.getByTestId(`extranet-card-${lead.id}`)).toContainText('Hélène Extranetti');
  await look(phone, 'inbox-desktop');

  // The head office's lead page shows the member's answers under the salesperson's name.
  await office.goto(`${server.origin}/#/leads/${lead.id}`);
  await expect(office.getByTestId('timeline')).toContainText('sophie@membre.fr');
  const won = await call<{ lead: { status: string } }>(office, 'leads.get', { id: lead.id });
  expect(won.lead.status).toBe('won');

  // The dashboard counts the lead and its sale (this network's only lead: every lead converted).
  await office.getByTestId('nav-dashboard').click();
  await expect(office.getByTestId('tile-leads').getByTestId('kpi-value')).toHaveText('1');
  await expect(office.getByTestId('tile-conversion').getByTestId('kpi-value')).toContainText('100');
  // The monthly report of this month names the member with the lead received, accepted in time and the revenue won.
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date());
  const report = await call<{ members: { name: string; received: number; acceptedInTime: number; won: number; revenueCents: number }[] }>(office, 'reports.monthly', { month });
  expect(report.members).toEqual([expect.objectContaining({ name: 'Solaire Touraine', received: 1, acceptedInTime: 1, won: 1, revenueCents: 1_190_000 })]);
  await office.getByTestId('nav-reports').click();
  await office.getByTestId('report-month').locator('input').fill(month);
  await expect(office.getByTestId('report-table')).toContainText('Solaire Touraine');
  await expect(office.getByTestId('report-table')).toContainText(/11\s?900/);
});
