/**
 * A dispatch mail's links to accept or decline its lead (issue 18), end to end below the
 * browser: the mail goes through a real local SMTP server, the links are read from what it
 * received, and the server's two requests are called over HTTP as the confirmation page calls
 * them. Opening (the check) changes nothing; the POST answers once; a used, expired or ended
 * link is refused with its reason; a decline re-routes at once. Then the reminder at the at-risk
 * instant and the daily digest, through the jobs' tick.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerContext } from '../core/app/session';
import { dispatchAsync } from '../core/commands/dispatch';
import { runJobs } from '../core/jobs/scheduler';
import { processOutbox } from '../core/mail/outbox';
import { startTestSmtpServer, type TestSmtpServer } from '../core/mail/test-server';
import { listAudit } from '../core/privacy/audit';
import { setup } from '../core/test-network';
import { caller } from '../core/test-support';
import { hashPassword } from '../core/users/passwords';
import { insertUser } from '../core/users/store';
import { listenWithAccounts } from './test-host';
import type { Host } from './server';

/** Cheap scrypt parameters: these accounts only need to exist. */
const FAST = { logN: 10, r: 8, p: 1 };

let fixture: ReturnType<typeof setup>;
let host: Host;
let origin: string;
let smtp: TestSmtpServer;

beforeEach(async () => {
  fixture = setup();
  smtp = await startTestSmtpServer();
  ({ host, origin } = await listenWithAccounts(
    (method, input, options) => dispatchAsync(callerContext(fixture.ctx, options), method, input, { ...options, log: () => {} }),
    () => fixture.ctx,
  ));
  fixture.ctx.linkOrigin = origin;
  fixture.call('settings.set', { key: 'mail.smtp', value: { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', from: 'leads@reseau.example' } });
});
afterEach(async () => {
  await host.close();
  await smtp.close();
  fixture.ctx.db.close();
});

type Body = { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string; reason?: string; issues?: { path: string[] }[] } };

async function post(path: string, body: unknown, language = 'fr') {
  const res = await fetch(new URL(path, origin), { method: 'POST', headers: { 'content-type': 'application/json', 'x-aiguillage-language': language }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Body };
}

/** Sends what the outbox holds and gives the mails the SMTP server received since `from`. */
async function delivered(from = 0) {
  await processOutbox(fixture.ctx);
  return smtp.received.slice(from);
}

/** The accept and decline links of a mail's text, and their common token. */
function linksOf(text: string) {
  const accept = new RegExp(`(${origin}/#/answer/([\\w-]{43})/accept)`).exec(text);
  const decline = new RegExp(`(${origin}/#/answer/([\\w-]{43})/decline)`).exec(text);
  expect(accept, text).not.toBeNull();
  expect(decline![2]).toBe(accept![2]);
  return { accept: accept![1]!, decline: decline![1]!, token: accept![2]! };
}

/** Two members covering Tours (the first is chosen), a hot lead dispatched: its mail delivered. */
async function dispatched() {
  const alpha = fixture.member('Alpha', { contactName: 'Alice Alpha' });
  const bravo = fixture.member('Bravo');
  fixture.territory(alpha.id, 1);
  fixture.territory(bravo.id, 2);
  const lead = fixture.lead();
  const { dispatchId, memberId } = fixture.call('routing.dispatch', { leadId: lead.id, memberId: alpha.id, reason: 'test' });
  expect(memberId).toBe(alpha.id);
  const [mail] = await delivered();
  return { alpha, bravo, lead, dispatchId, mail: mail!, ...linksOf(mail!.text) };
}

const leadOf = (id: number) => fixture.call('leads.get', { id }).lead;

describe('a dispatch mail’s answer links', () => {
  it('opens a confirmation that changes nothing; confirming accepts, once; the lead is recorded under the member', async () => {
    const { alpha, lead, mail, token, dispatchId } = await dispatched();
    expect(mail.to).toEqual(['alpha@example.fr']);
    expect(mail.text).toContain('Bonjour Alice Alpha,');
    expect(mail.text).toContain('Merci de l’accepter ou de le refuser avant le lundi 23 novembre à 14:00 :');
    expect(mail.text).toContain('Téléphone : +33612345678');

    // Opening the page (as a mail scanner does) reads the lead without its contact, as often as it likes.
    for (let i = 0; i < 3; i++) {
      const opened = await post('/answer/check', { token });
      expect(opened.status).toBe(200);
      expect(opened.body.value).toMatchObject({ memberName: 'Alpha', lead: { id: lead.id, city: 'Tours', status: 'dispatched', contact: null, clock: { state: 'ok' } } });
      expect(JSON.stringify(opened.body)).not.toContain('Durand');
    }
    expect(leadOf(lead.id)).toMatchObject({ status: 'dispatched', ownerMemberId: alpha.id });

    // A clock that moves at every read, as a real one does between the check and the step.
    let clock = fixture.ctx.now();
    fixture.ctx.now = () => ++clock;
    const accepted = await post('/answer', { token, action: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.value).toMatchObject({ action: 'accept', lead: { id: lead.id, status: 'accepted', contact: { lastName: 'Durand', phone: '+33612345678' } } });
    expect(leadOf(lead.id)).toMatchObject({ status: 'accepted', ownerMemberId: alpha.id });
    const events = fixture.call('leads.get', { id: lead.id }).events.filter((e) => e.type === 'accepted');
    expect(events).toMatchObject([{ actor: 'alpha@example.fr' }]);
    const audit = listAudit(fixture.ctx.db, { action: 'dispatch.linkAnswer', offset: 0, limit: 10 }).items;
    expect(audit).toMatchObject([
      { actor: 'alpha@example.fr', subject: `lead:${lead.id}`, details: { dispatchId, memberId: alpha.id, action: 'accept', address: expect.stringMatching(/127\.0\.0\.1/) } },
    ]);

    // A second use, to accept or to decline, is refused with a clear reason, in the page's language.
    const again = await post('/answer', { token, action: 'decline', reason: 'no_capacity' });
    expect(again).toMatchObject({ status: 410, body: { error: { reason: 'used', message: 'Ce lien a déjà servi : la réponse donnée est enregistrée.' } } });
    expect((await post('/answer/check', { token }, 'en')).body.error).toMatchObject({ reason: 'used', message: 'This link has been used already: the answer it gave is recorded.' });
    expect(leadOf(lead.id).status).toBe('accepted');
  }, 60_000);

  it('gives a lead accepted through the link to the member’s person the mail went to: they see it among their leads, a colleague does not', async () => {
    const { alpha, lead, token } = await dispatched();
    const person = (email: string) => {
      const user = insertUser(fixture.ctx.db, { email, displayName: email, role: 'salesperson', memberId: alpha.id, passwordHash: hashPassword('a long password', FAST) }, fixture.ctx.now());
      return { user, ...caller({ ...fixture.ctx, actor: email, member: { userId: user.id, memberId: alpha.id, role: 'salesperson' } }) };
    };
    // The member's address, where its mails go, is this salesperson's own account.
    const alice = person('alpha@example.fr');
    const sam = person('sam@example.fr');
    const accepted = await post('/answer', { token, action: 'accept' });
    expect(accepted.body.value).toMatchObject({ action: 'accept', lead: { id: lead.id, assigneeId: alice.user.id } });
    expect(alice.call('extranet.inbox', {}).inProgress.map((l) => l.id)).toEqual([lead.id]);
    expect(alice.call('extranet.lead', { id: lead.id }).lead).toMatchObject({ assigneeId: alice.user.id, contact: { lastName: 'Durand' } });
    expect(sam.call('extranet.inbox', {}).inProgress).toEqual([]);
    expect(sam.tryCall('extranet.lead', { id: lead.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 60_000);

  it('leaves a lead accepted through a shared address’s link to the member administrator to give, when no person has that address', async () => {
    const { lead, token } = await dispatched();
    expect((await post('/answer', { token, action: 'accept' })).body.value).toMatchObject({ lead: { id: lead.id, assigneeId: null } });
    expect(fixture.ctx.db.prepare('SELECT count(*) FROM lead_assignees').pluck().get()).toBe(0);
  }, 60_000);

  it('refuses a link past the dispatch’s deadline, before and after the re-assignment job', async () => {
    const { lead, token } = await dispatched();
    const dueAt = Number(fixture.ctx.db.prepare('SELECT accept_due_at FROM dispatches WHERE lead_id = ?').pluck().get(lead.id));
    fixture.advance(dueAt - fixture.ctx.now());
    expect((await post('/answer/check', { token })).status).toBe(200);
    fixture.advance(1);
    for (const path of ['/answer/check', '/answer']) {
      expect(await post(path, { token, action: 'accept' })).toMatchObject({ status: 410, body: { error: { reason: 'expired', message: expect.stringContaining('Ce lien a expiré') } } });
    }
    expect(leadOf(lead.id).status).toBe('dispatched');
    fixture.call('sla.scan', {});
    expect((await post('/answer', { token, action: 'accept' })).body.error?.reason).toBe('expired');
  }, 60_000);

  it('declines with a reason from the list and re-routes at once; the lead’s new member gets its own links', async () => {
    const { alpha, bravo, lead, token } = await dispatched();
    expect(await post('/answer', { token, action: 'decline' })).toMatchObject({ status: 400, body: { error: { issues: [{ path: ['reason'] }] } } });
    expect(await post('/answer', { token, action: 'decline', reason: 'other' })).toMatchObject({ status: 400, body: { error: { issues: [{ path: ['comment'] }] } } });
    expect(leadOf(lead.id).ownerMemberId).toBe(alpha.id);

    const declined = await post('/answer', { token, action: 'decline', reason: 'other', comment: 'Chantier trop loin' });
    expect(declined).toMatchObject({ status: 200, body: { value: { action: 'decline', leadId: lead.id } } });
    expect(leadOf(lead.id)).toMatchObject({ status: 'dispatched', ownerMemberId: bravo.id });
    const decline = fixture.call('leads.get', { id: lead.id }).events.find((e) => e.type === 'declined');
    expect(decline).toMatchObject({ actor: 'alpha@example.fr', data: { reason: 'other: Chantier trop loin', memberId: alpha.id } });

    const [toBravo] = await delivered(1);
    expect(toBravo!.to).toEqual(['bravo@example.fr']);
    const next = linksOf(toBravo!.text);
    expect(next.token).not.toBe(token);
    expect((await post('/answer', { token: next.token, action: 'accept' })).status).toBe(200);
    expect(leadOf(lead.id)).toMatchObject({ status: 'accepted', ownerMemberId: bravo.id });
  }, 60_000);

  it('refuses a link whose dispatch ended otherwise, and a token that names no link', async () => {
    const { lead, token } = await dispatched();
    fixture.call('workflow.record', { leadId: lead.id, step: 'accepted' });
    expect(await post('/answer/check', { token })).toMatchObject({ status: 410, body: { error: { reason: 'ended', message: expect.stringContaining('n’attend plus votre réponse') } } });
    expect((await post('/answer', { token, action: 'accept' })).body.error?.reason).toBe('ended');
    expect((await post('/answer/check', { token: 'x'.repeat(43) })).body.error?.reason).toBe('unknown');
    expect((await post('/answer/check', { token: 42 })).status).toBe(400);
  }, 60_000);

  it('says to reply to the mail, with no link, when the server has no public address', async () => {
    delete fixture.ctx.linkOrigin;
    const alpha = fixture.member('Alpha');
    fixture.call('routing.dispatch', { leadId: fixture.lead().id, memberId: alpha.id, reason: 'test' });
    const [mail] = await delivered();
    expect(mail!.text).toContain('Merci de l’accepter ou de le refuser rapidement en répondant à ce message.');
    expect(mail!.text).not.toContain('http');
    expect(Number(fixture.ctx.db.prepare('SELECT count(*) FROM dispatch_links').pluck().get())).toBe(0);
  }, 60_000);
});

describe('reminders and the daily digest', () => {
  it('reminds the member once when the lead turns at risk unanswered, with new links, in the member’s language', async () => {
    const alpha = fixture.member('Alpha');
    fixture.call('members.mail.set', { memberId: alpha.id, delivery: 'each', language: 'en' });
    const answered = fixture.lead();
    const waiting = fixture.lead({ firstName: 'Paul', lastName: 'Martin', phone: '06 99 88 77 66' });
    for (const lead of [answered, waiting]) fixture.call('routing.dispatch', { leadId: lead.id, memberId: alpha.id, reason: 'test' });
    const [first] = await delivered();
    expect(first!.text).toContain('Please accept or decline it before Monday 23 November');
    expect((await post('/answer', { token: linksOf(first!.text).token, action: 'accept' })).status).toBe(200);

    // Hot: 4 business hours to accept, at risk after 3 (10:00 -> 13:00).
    fixture.advance(3 * 3_600_000 - 1);
    await runJobs(fixture.ctx, () => {});
    expect(smtp.received).toHaveLength(2);
    fixture.advance(1);
    const tick = await runJobs(fixture.ctx, () => {});
    expect(tick).toMatchObject({ reminded: 2, sent: 1 });
    const reminder = smtp.received[2]!;
    expect(reminder.text).toContain('This lead still waits for your answer. Without an answer before Monday 23 November at 14:00, it will go to another member.');
    expect(reminder.text).toContain(`[AIG-${waiting.id}-`);
    expect(reminder.text).not.toContain('Martin');
    const link = linksOf(reminder.text);
    expect(await runJobs(fixture.ctx, () => {})).toMatchObject({ reminded: 0, sent: 0 });
    expect((await post('/answer', { token: link.token, action: 'accept' })).status).toBe(200);
    expect(leadOf(waiting.id).status).toBe('accepted');
  }, 60_000);

  it('sends a member that chose the digest no mail per lead, and one digest a day from 8:00 with each waiting lead’s links', async () => {
    const alpha = fixture.member('Alpha');
    fixture.call('members.mail.set', { memberId: alpha.id, delivery: 'digest', language: 'fr' });
    expect(fixture.call('members.mail.get', { memberId: alpha.id })).toEqual({ delivery: 'digest', language: 'fr' });
    const leads = [fixture.lead(), fixture.lead({ firstName: 'Paul', lastName: 'Martin', phone: '06 99 88 77 66' })];
    for (const lead of leads) {
      fixture.call('leads.qualify', { id: lead.id, temperature: 'cold' });
      fixture.call('routing.dispatch', { leadId: lead.id, memberId: alpha.id, reason: 'test' });
    }
    expect(await runJobs(fixture.ctx, () => {})).toMatchObject({ digests: 1, sent: 1 });
    // 10:00 on the day of the dispatches: the day's digest goes at the first tick.
    const digest = smtp.received[0]!;
    expect(digest.text).toContain('2 leads attendent votre réponse.');
    expect(digest.text).not.toContain('Durand');
    const tokens = [...digest.text.matchAll(/#\/answer\/([\w-]{43})\/accept/g)].map((m) => m[1]!);
    expect(tokens).toHaveLength(2);
    expect(await runJobs(fixture.ctx, () => {})).toMatchObject({ digests: 0, sent: 0 });

    // One lead answered from the digest; the next morning's digest lists the other, not before 8:00.
    expect((await post('/answer', { token: tokens[0]!, action: 'accept' })).status).toBe(200);
    fixture.advance(21 * 3_600_000 + 59 * 60_000);
    expect(await runJobs(fixture.ctx, () => {})).toMatchObject({ digests: 0 });
    fixture.advance(60_000);
    expect(await runJobs(fixture.ctx, () => {})).toMatchObject({ digests: 1, sent: 1 });
    expect(smtp.received[1]!.text).toContain('1 lead attend votre réponse.');
    expect(smtp.received[1]!.text).toContain(`[AIG-${leads[1]!.id}-`);
  }, 60_000);
});
