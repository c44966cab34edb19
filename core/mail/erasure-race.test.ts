import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caller, testContext, validMember } from '../test-support';
import { processOutbox } from './outbox';
import { startTestSmtpServer, type TestSmtpServer } from './test-server';

let server: TestSmtpServer;
beforeEach(async () => (server = await startTestSmtpServer()));
afterEach(() => server.close());

describe('an erasure during an outbox run', () => {
  it('stops the mails of the erased person that were already read as due', async () => {
    const ctx = testContext();
    const { call } = caller(ctx);
    call('settings.set', { key: 'mail.smtp', value: { enabled: true, host: '127.0.0.1', port: server.port, security: 'none', from: 'leads@reseau.example' } });
    call('members.create', { ...validMember, email: 'pro@solaire-touraine.fr', lat: 47.39, lon: 0.68, radiusKm: 50 });
    const leads = ['Durand', 'Zorglub'].map((lastName, i) => {
      const { lead } = call('leads.create', { lastName, phone: `06 12 34 56 7${i}`, postalCode: '37000', city: 'Tours' });
      ctx.db.prepare('UPDATE leads SET lat = 47.39, lon = 0.69 WHERE id = ?').run(lead.id);
      call('leads.qualify', { id: lead.id, temperature: 'hot' });
      call('routing.dispatch', { leadId: lead.id });
      return lead;
    });
    // The run reads both mails as due, then waits on the network for the first: the erasure lands then.
    const run = processOutbox(ctx);
    call('privacy.erase', { person: { leadId: leads[1]!.id }, reason: 'request' });
    expect(await run).toEqual({ sent: 1, failed: 0 });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.data).toContain('Durand');
    expect(server.received.map((m) => m.data).join()).not.toContain('Zorglub');
  });
});
