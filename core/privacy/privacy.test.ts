import { describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../commands/define';
import { openDatabase, sqliteOf } from '../db/connection';
import { DEFAULT_LIMITS, runJobs } from '../jobs/scheduler';
import { seedKpiFixture } from '../kpi/fixture';
import { seedDemoHistory } from '../demo/history';
import { caller, downloaded, validMember } from '../test-support';
import { applyRetention, retentionCutoff } from './retention';
import { scrubEventData } from './scrub';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 9, 0);

function setup(file = ':memory:') {
  let clock = NOW;
  const ctx: Context = { db: openDatabase(file), dbPath: file, actor: 'anne', now: () => clock };
  const set = (t: number) => (clock = t);
  return { ctx, set, ...caller(ctx) };
}

type Call = ReturnType<typeof caller>['call'];

/** A lead with everything personal data can end up in: fields, a manual dispatch with a reason, the member's mail, events with text, a sale. */
function zorglub(call: Call, overrides: Record<string, string> = {}, member = call('members.create', { ...validMember, email: 'contact@solaire.fr' } as typeof validMember)) {
  const { lead } = call('leads.create', {
    civility: 'M.',
    firstName: 'Zacharie',
    lastName: 'Zorglub',
    phone: '06 98 76 54 32',
    email: 'zach.zorglub@example.org',
    company: 'Zorglub SARL',
    address: '12 rue des Lilas',
    postalCode: '37000',
    city: 'Tours',
    source: 'Salon',
    product: 'Pompe à chaleur',
    comment: 'Rappeler Zacharie le soir',
    consentAt: NOW - 10 * DAY,
    consentHow: 'Formulaire du salon',
    consentFor: 'Être recontacté par un installateur',
    ...overrides,
  });
  call('leads.update', { id: lead.id, comment: 'Zacharie préfère le matin' });
  call('leads.qualify', { id: lead.id, temperature: 'hot' });
  call('routing.dispatch', { leadId: lead.id, memberId: member.id, reason: 'Zorglub est un voisin du gérant' });
  call('workflow.record', { leadId: lead.id, step: 'accepted' });
  call('workflow.record', { leadId: lead.id, step: 'won', amountCents: 1_250_000, reason: '' });
  return { lead, member };
}

describe('event data scrubbing', () => {
  it('keeps numbers and codes, and blanks names, reasons, warnings and merged leads', () => {
    expect(
      scrubEventData({
        changes: { firstName: { from: 'Zach', to: 'Zacharie' }, source: { from: 'Salon', to: 'Site web' } },
        reason: 'Trop cher pour M. Zorglub',
        warnings: ['Phone "698765432" had lost its leading 0'],
        merged: { lastName: 'Zorglub', phone: '+33698765432', postalCode: '37000', bant: { authority: 'decision_maker', budgetCents: 500 } },
        amountCents: 1_250_000,
        memberId: 3,
        manual: true,
        from: 'new',
        temperature: 'hot',
      }),
    ).toEqual({
      changes: { firstName: null, source: { from: 'Salon', to: 'Site web' } },
      reason: null,
      warnings: [null],
      merged: { lastName: null, phone: null, postalCode: '37000', bant: { authority: 'decision_maker', budgetCents: 500 } },
      amountCents: 1_250_000,
      memberId: 3,
      manual: true,
      from: 'new',
      temperature: 'hot',
    });
  });
});

describe('retention', () => {
  it('counts the period from midnight in Paris, the 31st falling back to the end of the month', () => {
    expect(retentionCutoff(NOW, 36)).toBe(Date.UTC(2023, 10, 22, 23));
    expect(retentionCutoff(Date.UTC(2026, 2, 31, 12), 1)).toBe(Date.UTC(2026, 1, 27, 23));
    expect(retentionCutoff(Date.UTC(2026, 0, 15, 12), 13)).toBe(Date.UTC(2024, 11, 14, 23));
  });

  it('anonymises a closed lead whose last activity is before the cutoff, not one active at the cutoff', () => {
    const { ctx, set, call } = setup();
    const cutoff = retentionCutoff(NOW + 40 * DAY, 1);
    set(cutoff - 1);
    const { lead: before, member } = zorglub(call);
    set(cutoff);
    const at = zorglub(call, { email: 'autre@example.org', phone: '0611111111' }, member).lead;
    set(NOW + 40 * DAY);
    call('settings.set', { key: 'privacy.retentionMonths', value: 1 });
    expect(applyRetention(ctx)).toEqual({ anonymised: 1, cutoff, damaged: [] });
    expect(call('leads.get', { id: before.id }).lead).toMatchObject({ lastName: '', email: '', anonymisedAt: NOW + 40 * DAY });
    expect(call('leads.get', { id: at.id }).lead).toMatchObject({ lastName: 'Zorglub', anonymisedAt: null });
    expect(applyRetention(ctx).anonymised).toBe(0);
  });

  it('leaves open leads alone however old, and follows the period set in Settings', () => {
    const { ctx, set, call } = setup();
    set(NOW - 400 * DAY);
    const { lead } = call('leads.create', { lastName: 'Ancien', phone: '0622222222', postalCode: '37000' });
    call('leads.nurture', { id: lead.id, requalifyOn: '2030-01-01' });
    const closed = call('leads.create', { lastName: 'Écarté', email: 'ecarte@example.org', postalCode: '37000' }).lead;
    call('leads.discard', { id: closed.id, reason: 'Doublon de Zorglub' });
    set(NOW);
    expect(applyRetention(ctx).anonymised).toBe(0);
    call('settings.set', { key: 'privacy.retentionMonths', value: 12 });
    expect(applyRetention(ctx).anonymised).toBe(1);
    expect(call('leads.get', { id: lead.id }).lead).toMatchObject({ lastName: 'Ancien', status: 'nurturing', anonymisedAt: null });
    expect(call('leads.get', { id: closed.id }).lead).toMatchObject({ lastName: '', status: 'discarded' });
    expect(call('leads.get', { id: closed.id }).events.at(-1)).toMatchObject({ type: 'discarded', data: { reason: null, from: 'new' } });
  });

  it('refuses a period under one month', () => {
    const { tryCall } = setup();
    expect(tryCall('settings.set', { key: 'privacy.retentionMonths', value: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('runs with the background jobs and is logged with the leads it anonymised', async () => {
    const { ctx, set, call } = setup();
    set(NOW - 1200 * DAY);
    const { lead } = zorglub(call);
    set(NOW);
    const report = await runJobs(ctx, () => {});
    expect(report.anonymised).toBe(1);
    const log = call('privacy.audit', { action: 'retention.anonymise' });
    expect(log.items).toEqual([
      expect.objectContaining({ actor: 'scheduler', action: 'retention.anonymise', at: NOW, details: expect.objectContaining({ count: 1, months: 36, leadIds: [lead.id] }) }),
    ]);
  });

  it('anonymises the rest of a batch around a damaged lead, leaves that one whole and reports it', async () => {
    const { ctx, set, call } = setup();
    set(NOW - 1200 * DAY);
    const { lead: first, member } = zorglub(call);
    const damaged = zorglub(call, { email: 'deux@example.org', phone: '0611111111' }, member).lead;
    const last = zorglub(call, { email: 'trois@example.org', phone: '0622222222' }, member).lead;
    // Extra columns that are not JSON any more: the blanking of this lead's row fails.
    ctx.db.prepare(`UPDATE leads SET extra = 'not json' WHERE id = ?`).run(damaged.id);
    set(NOW);
    const log: string[] = [];
    // Batches of two: the damaged lead fails the first, the second batch of the tick goes around it.
    const report = await runJobs(ctx, (message) => log.push(message), { limits: { ...DEFAULT_LIMITS, retentionBatch: 2 } });
    expect(report.anonymised).toBe(2);
    expect(log).toEqual([`scheduler: lead ${damaged.id} could not be anonymised (SqliteError); left as it is, the rest of its batch done`]);
    for (const id of [first.id, last.id]) expect(call('leads.get', { id }).lead).toMatchObject({ lastName: '', anonymisedAt: NOW });
    // Read in SQL: the lead's page cannot read its damaged row either.
    expect(ctx.db.prepare('SELECT last_name, comment, anonymised_at FROM leads WHERE id = ?').get(damaged.id)).toEqual({
      last_name: 'Zorglub',
      comment: 'Zacharie préfère le matin',
      anonymised_at: null,
    });
    expect(ctx.db.prepare('SELECT manual_reason FROM dispatches WHERE lead_id = ?').pluck().get(damaged.id)).toBe('Zorglub est un voisin du gérant');
    expect(call('privacy.audit', { action: 'retention.anonymise' }).items).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ count: 1, leadIds: [last.id] }) }),
      expect.objectContaining({ details: expect.objectContaining({ count: 1, leadIds: [first.id], damaged: [damaged.id] }) }),
    ]);
    // Once repaired, the next run takes it.
    ctx.db.prepare(`UPDATE leads SET extra = '[]' WHERE id = ?`).run(damaged.id);
    expect(applyRetention(ctx)).toMatchObject({ anonymised: 1, damaged: [] });
  });

  // Six months of the demo's history played through the commands first: seconds of work.
  it('keeps every dashboard and report figure the same', { timeout: 300_000 }, async () => {
    const { ctx, set, call } = setup();
    await seedDemoHistory(ctx, { now: NOW, leads: 600 });
    seedKpiFixture(ctx);
    const facts = () => ctx.db.prepare('SELECT * FROM lead_facts ORDER BY lead_id').all();
    // Without the time each section took to compute.
    const dashboard = (input: Parameters<typeof call<'kpi.dashboard'>>[1]) => ({ ...call('kpi.dashboard', input), timings: null });
    const figures = () => ({
      year: dashboard({ from: '2025-11-01', to: '2026-11-30' }),
      october: dashboard({ from: '2026-10-01', to: '2026-10-31' }),
      warm37: dashboard({ from: '2026-06-01', to: '2026-11-30', departement: '37', temperature: 'warm' }),
      filters: call('kpi.filters', {}),
      reports: ['2026-07', '2026-08', '2026-09', '2026-10'].map((month) => ({ ...call('reports.monthly', { month }), generatedAt: 0 })),
      facts: facts(),
    });
    const before = figures();
    set(NOW + 1);
    call('settings.set', { key: 'privacy.retentionMonths', value: 1 });
    const { anonymised } = applyRetention(ctx);
    expect(anonymised).toBeGreaterThan(100);
    expect(ctx.db.prepare(`SELECT count(*) FROM leads WHERE anonymised_at IS NOT NULL AND last_name <> ''`).pluck().get()).toBe(0);
    expect(figures()).toEqual(before);
  });
});

describe('a person’s data', () => {
  it('is found by lead, e-mail or phone across leads, as intake normalises them', () => {
    const { call, tryCall } = setup();
    const { lead } = zorglub(call);
    const other = call('leads.create', { lastName: 'Zorglub', email: 'ZACH.ZORGLUB@example.org', postalCode: '75011' }).lead;
    call('leads.create', { lastName: 'Personne', phone: '0612121212', postalCode: '75011' });
    expect(call('privacy.find', { leadId: lead.id }).map((l) => l.id)).toEqual([lead.id, other.id]);
    expect(call('privacy.find', { phone: '06.98.76.54.32' }).map((l) => l.id)).toEqual([lead.id]);
    expect(call('privacy.find', { email: 'nobody@example.org' })).toEqual([]);
    expect(tryCall('privacy.find', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(tryCall('privacy.find', { phone: 'abc' })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['phone'] }] } });
  });

  it('exports as JSON every field, consent, event, dispatch and mail, and logs who exported which leads', () => {
    const { call } = setup();
    const { lead, member } = zorglub(call);
    const out = call('privacy.export', { person: { email: 'zach.zorglub@example.org' }, format: 'json' });
    if (out.format !== 'json') throw new Error('expected JSON');
    expect(out.fileName).toBe(`personal-data-${lead.id}.json`);
    const [d] = out.dossier.leads;
    expect(d!.lead).toMatchObject({
      firstName: 'Zacharie',
      lastName: 'Zorglub',
      phone: '+33698765432',
      address: '12 rue des Lilas',
      company: 'Zorglub SARL',
      consentAt: NOW - 10 * DAY,
      consentHow: 'Formulaire du salon',
      consentFor: 'Être recontacté par un installateur',
      status: 'won',
    });
    expect(d!.owner).toEqual({ memberId: member.id, name: 'Solaire Touraine' });
    expect(d!.events.map((e) => e.type)).toEqual(['created', 'updated', 'qualified', 'dispatched', 'accepted', 'won']);
    expect(d!.dispatches).toEqual([expect.objectContaining({ memberName: 'Solaire Touraine', manualReason: 'Zorglub est un voisin du gérant', endReason: 'accepted' })]);
    expect(d!.mails).toEqual([expect.objectContaining({ recipient: 'contact@solaire.fr', body: expect.stringContaining('+33698765432') })]);
    const log = call('privacy.audit', {});
    expect(log.items).toEqual([expect.objectContaining({ actor: 'anne', action: 'person.export', subject: `lead:${lead.id}`, details: { format: 'json', leadIds: [lead.id] } })]);
    expect(JSON.stringify(log)).not.toContain('zorglub');
  });

  it('exports as a PDF through the download job', async () => {
    const { call } = setup();
    const { lead } = zorglub(call);
    const started = call('privacy.export', { person: { leadId: lead.id }, format: 'pdf' });
    if (started.format !== 'pdf') throw new Error('expected a job');
    const job = await downloaded(call, started.jobId);
    const pdf = Buffer.from(job.base64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    for (const expected of ['Personal data held', `Lead no. ${lead.id}`, 'Zorglub SARL', '12 rue des Lilas', 'Formulaire du salon', 'Solaire Touraine', 'contact@solaire.fr', 'won'])
      expect(text).toContain(expected);
    expect(job).toMatchObject({ fileName: `personal-data-${lead.id}.pdf`, mime: 'application/pdf' });
  });

  it('is erased only with a reason, in every lead of the person, logged, the statistics kept', () => {
    const { ctx, call, tryCall } = setup();
    const { lead } = zorglub(call);
    const other = call('leads.create', { lastName: 'Zorglub', phone: '0698765432', postalCode: '75011', comment: 'Zacharie encore' }).lead;
    ctx.db.prepare(`UPDATE outbox SET status = 'sent', sent_at = ?`).run(NOW);
    ctx.db.prepare(`INSERT INTO outbox (lead_id, recipient, subject, body, reference, status, created_at) VALUES (?, 'a@b.fr', 'Zorglub', 'Zorglub', 'AIG-X', 'failed', ?)`).run(other.id, NOW);
    const facts = ctx.db.prepare('SELECT * FROM lead_facts ORDER BY lead_id').all();
    expect(tryCall('privacy.erase', { person: { leadId: lead.id }, reason: 'Demande écrite' as never })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: ['reason'], message: 'Choose the reason for the erasure' }] },
    });
    expect(tryCall('privacy.erase', { person: { leadId: lead.id } } as never)).toMatchObject({ ok: false, error: { issues: [{ path: ['reason'], message: 'Choose the reason for the erasure' }] } });
    expect(call('leads.get', { id: lead.id }).lead.lastName).toBe('Zorglub');
    expect(call('privacy.erase', { person: { leadId: lead.id }, reason: 'request', comment: 'Demande écrite du 20/11' })).toEqual({ leadIds: [lead.id, other.id], erased: 2 });
    for (const id of [lead.id, other.id]) {
      const sheet = call('leads.get', { id });
      expect(sheet.lead).toMatchObject({ civility: '', firstName: '', lastName: '', phone: '', email: '', company: '', address: '', comment: '', postalCode: expect.any(String), anonymisedAt: NOW });
      expect(JSON.stringify(sheet.events)).not.toMatch(/Zacharie|Zorglub|98765432/);
    }
    expect(call('leads.get', { id: lead.id }).lead).toMatchObject({ status: 'won', temperature: 'hot', source: 'Salon', departement: '37', consentHow: 'Formulaire du salon' });
    expect(call('routing.history', { leadId: lead.id })[0]!.manualReason).toBe('—');
    // The mail sent stays as the record of who received the data, without the data; the one never sent is gone.
    expect(call('mail.outbox.list', {})).toEqual([
      expect.objectContaining({ leadId: lead.id, recipient: 'contact@solaire.fr', status: 'sent', subject: expect.stringMatching(/^\[AIG-.+\]$/), body: '' }),
    ]);
    expect(ctx.db.prepare('SELECT * FROM lead_facts ORDER BY lead_id').all()).toEqual(facts);
    expect(call('privacy.audit', { action: 'person.erase' }).items).toEqual([
      expect.objectContaining({
        actor: 'anne',
        subject: `lead:${lead.id},lead:${other.id}`,
        details: { reason: 'request', comment: 'Demande écrite du 20/11', leadIds: [lead.id, other.id], erased: 2 },
      }),
    ]);
    expect(call('leads.list', { search: 'zorglub' }).total).toBe(0);
  });

  it.each(['an erasure', 'the retention job'])('leaves nothing of the text in the database file or its WAL after %s, full-text index included', (how) => {
    const file = join(mkdtempSync(join(tmpdir(), 'aig-privacy-')), 'erase.sqlite');
    const { ctx, set, call } = setup(file);
    set(NOW - 1200 * DAY);
    // Enough other leads that the index has several segments.
    for (let i = 0; i < 60; i++) call('leads.create', { lastName: `Autre${i}`, email: `autre${i}@example.org`, postalCode: '37000' });
    const { lead } = zorglub(call);
    sqliteOf(ctx.db, 'test').pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(file).includes('zorglub')).toBe(true);
    // Written again after the checkpoint, so the WAL file holds the person's pages too.
    call('leads.update', { id: lead.id, comment: 'Zacharie rappelle demain' });
    expect(readFileSync(`${file}-wal`).includes('Zacharie rappelle')).toBe(true);
    set(NOW);
    if (how === 'an erasure') call('privacy.erase', { person: { leadId: lead.id }, reason: 'request', comment: 'Demande orale' });
    else expect(applyRetention(ctx).anonymised).toBe(1);
    const bytes = Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]);
    for (const text of ['zorglub', 'Zorglub', 'Zacharie', 'zacharie', '98765432', 'Lilas']) expect(bytes.includes(text), text).toBe(false);
    expect(bytes.includes('Autre59')).toBe(true);
    expect(sqliteOf(ctx.db, 'test').pragma('secure_delete', { simple: true }), 'the connection is back to FAST').toBe(2);
    ctx.db.close();
  });
});

describe('audit log', () => {
  it('records report exports and pages newest first, filtered by action', () => {
    const { call, set } = setup();
    for (let i = 0; i < 5; i++) {
      set(NOW + i);
      call('reports.export', { month: '2026-10', format: 'csv' });
    }
    const { lead } = zorglub(call);
    set(NOW + 10);
    call('privacy.export', { person: { leadId: lead.id }, format: 'json' });
    expect(call('privacy.audit', { limit: 2 })).toMatchObject({ total: 6, items: [{ action: 'person.export' }, { action: 'report.export', at: NOW + 4 }] });
    const page = call('privacy.audit', { action: 'report.export', offset: 3, limit: 10 });
    expect(page.total).toBe(5);
    expect(page.items.map((e) => [e.at, e.subject, e.details])).toEqual([
      [NOW + 1, '2026-10', { format: 'csv' }],
      [NOW, '2026-10', { format: 'csv' }],
    ]);
  });
});
