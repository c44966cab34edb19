/**
 * A dispatch mail's answer links in Chromium (issue 18): `aiguillage serve --origin` with a local
 * SMTP server; the head office dispatches a lead, the jobs' tick sends the mail, the member opens
 * the link read from what the SMTP server received: the confirmation page shows the lead without
 * the prospect (and changes nothing), confirming accepts it and shows the prospect; the link
 * opened again, and a link past its deadline, get a clear refusal page. Then the member's
 * administrator chooses the daily digest. Screenshots at 375 px and on a desktop, axe on each page.
 */
import { test, expect, type Page } from '@playwright/test';
import { createServer, type AddressInfo } from 'node:net';
import { openDatabase } from '../../core/db/connection';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/test-server';
import { call, look as shot, setUpSecondFactor, signIn } from './signed-in';
import { serveForTests } from './serve';

const PHONE = { width: 375, height: 812 };
/** The member the leads go to; it has no extranet account: the mail's links are all it uses. */
const MEMBER = {
  name: 'Chauffage Ligérien',
  kind: 'installer',
  email: 'devis@chauffage-ligerien.fr',
  postalCode: '37100',
  city: 'Tours',
  lat: 47.41,
  lon: 0.7,
  capacityPerWeek: 8,
  priorityCoefficient: 1,
  radiusKm: 30,
};
const DESKTOP = { width: 1280, height: 800 };

let smtp: TestSmtpServer;

/** A port nothing listens on now: the server's public address must be known before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test.describe.configure({ mode: 'serial' });
const server = serveForTests(async () => {
  smtp = await startTestSmtpServer();
  const port = await freePort();
  return { engine: 'postgres', demo: false, port, more: ['--origin', `http://127.0.0.1:${port}`], env: { AIGUILLAGE_JOBS_INTERVAL_MS: '500' } };
});
test.afterAll(async () => {
  await smtp?.close();
});

/** A hot lead in Tours dispatched to the member; the accept link of the mail the SMTP server received for it. */
async function dispatchAndReadMail(office: Page, memberId: number, lastName: string): Promise<string> {
  const { lead } = await call<{ lead: { id: number } }>(office, 'leads.create', {
    firstName: 'Hélène',
    lastName,
    phone: '06 98 76 54 32',
    postalCode: '37000',
    city: 'Tours',
    product: 'Pompe à chaleur air-eau',
  });
  await call(office, 'leads.qualify', { id: lead.id, temperature: 'hot', bant: { budgetCents: 1_200_000, timeline: 'within_3_months' } });
  const { dispatchId } = await call<{ dispatchId: number }>(office, 'routing.dispatch', { leadId: lead.id, memberId, reason: 'e2e' });
  const reference = `AIG-${lead.id}-${dispatchId}`;
  await expect.poll(() => smtp.received.find((m) => m.data.includes(reference)), { timeout: 30_000 }).toBeTruthy();
  const mail = smtp.received.find((m) => m.data.includes(reference))!;
  expect(mail.to).toEqual([MEMBER.email]);
  expect(mail.text).toContain('Merci de l’accepter ou de le refuser avant le');
  return /^Accepter : (http\S+)$/m.exec(mail.text)![1]!;
}

const look = (page: Page, name: string) => shot(page, `mail-links-${name}`);

/** Opens a link as a click in a mail does: a fresh load of the page at that address. */
async function open(page: Page, link: string) {
  await page.goto('about:blank');
  await page.goto(link);
}

test('a member answers a lead from the dispatch mail’s link; a used and an expired link are refused clearly', async ({ browser }) => {
  test.setTimeout(240_000);
  const office = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await signIn(office, server.origin, 'admin@reseau.fr', server.adminPassword);
  await call(office, 'settings.set', { key: 'mail.smtp', value: { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', from: 'leads@reseau.example' } });
  const member = await call<{ id: number }>(office, 'members.create', MEMBER);
  const link = await dispatchAndReadMail(office, member.id, 'Courriel');
  expect(link.startsWith(`${server.origin}/#/answer/`)).toBe(true);

  // The member, on a phone, signed in nowhere: the link opens the confirmation, without the prospect.
  const phone = await (await browser.newContext({ viewport: PHONE, locale: 'fr-FR' })).newPage();
  await open(phone, link);
  const form = phone.getByTestId('answer-form');
  await expect(form).toContainText(MEMBER.name);
  await expect(form).toContainText('37000 Tours');
  await expect(form.getByTestId('extranet-clock')).toContainText('Répondre sous');
  await expect(phone.locator('body')).not.toContainText('Courriel');
  await look(phone, 'confirm-375');
  await phone.setViewportSize(DESKTOP);
  await look(phone, 'confirm-desktop');
  await phone.setViewportSize(PHONE);
  // Opening (as a mail scanner does, twice here) changed nothing.
  expect(await leadStatus(office, 'Courriel')).toBe('dispatched');

  // Confirming accepts: the prospect's details show.
  await phone.getByTestId('answer-confirm').click();
  await expect(phone.getByTestId('answer-done')).toContainText('Lead accepté');
  await expect(phone.getByTestId('extranet-contact')).toContainText('Hélène Courriel');
  await expect(phone.getByTestId('extranet-contact').locator('a[href^="tel:"]')).toHaveAttribute('href', 'tel:+33698765432');
  await look(phone, 'accepted-375');
  expect(await leadStatus(office, 'Courriel')).toBe('accepted');

  // The same link again: refused, saying why.
  await open(phone, link);
  await expect(phone.getByTestId('answer-refused')).toContainText('Ce lien a déjà servi');
  await look(phone, 'used-375');
  await phone.setViewportSize(DESKTOP);
  await look(phone, 'used-desktop');

  // A link past its deadline: the dispatch's stored deadline moved into the past, as time would.
  const late = await dispatchAndReadMail(office, member.id, 'Tardive');
  const db = openDatabase(server.database);
  db.prepare("UPDATE dispatches SET accept_due_at = ? WHERE lead_id = (SELECT id FROM leads WHERE last_name = 'Tardive')").run(Date.now() - 1000);
  db.close();
  await open(phone, late);
  await expect(phone.getByTestId('answer-refused')).toContainText('Ce lien a expiré');
  await look(phone, 'expired-desktop');
  await phone.setViewportSize(PHONE);
  await look(phone, 'expired-375');
  expect(await leadStatus(office, 'Tardive')).not.toBe('accepted');

  // The member's administrator, invited, chooses the daily digest in English from the extranet.
  await call(office, 'members.invite', { memberId: member.id, email: 'patron@chauffage-ligerien.fr', displayName: 'Paul Patron', role: 'member_admin', origin: server.origin });
  await expect.poll(() => smtp.received.find((m) => m.to.includes('patron@chauffage-ligerien.fr')), { timeout: 30_000 }).toBeTruthy();
  const invitation = /(http\S+#\/invitation\/[\w-]+)/.exec(smtp.received.find((m) => m.to.includes('patron@chauffage-ligerien.fr'))!.text)![1]!;
  await open(phone, invitation);
  await phone.getByTestId('invitation-password').locator('input').fill('le mot de passe du patron');
  await phone.getByTestId('invitation-submit').click();
  // A member administrator sets up two-step verification before anything else.
  await setUpSecondFactor(phone);
  await phone.getByTestId('extranet-mails').click();
  const dialog = phone.getByTestId('extranet-mails-dialog');
  await expect(dialog.getByTestId('extranet-mails-each').locator('input')).toBeChecked();
  await dialog.getByTestId('extranet-mails-digest').click();
  await dialog.getByTestId('extranet-mails-en').click();
  await look(phone, 'delivery-375');
  await dialog.getByTestId('extranet-mails-save').click();
  await expect(dialog).toBeHidden();
  expect(await call(office, 'members.mail.get', { memberId: member.id })).toEqual({ delivery: 'digest', language: 'en' });
});

/** The status of the head office's lead of that name. */
async function leadStatus(office: Page, lastName: string): Promise<string> {
  const { items } = await call<{ items: { lastName: string; status: string }[] }>(office, 'leads.list', { search: lastName });
  return items.find((l) => l.lastName === lastName)!.status;
}
