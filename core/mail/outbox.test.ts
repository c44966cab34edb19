import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setup as toursNetwork } from '../test-network';
import { processOutbox, RETRY_DELAYS_MS } from './outbox';
import { startTestSmtpServer, type TestSmtpServer } from './test-server';

let server: TestSmtpServer;
beforeEach(async () => (server = await startTestSmtpServer()));
afterEach(() => server.close());

/** A member reached by its radius, a hot lead in Tours, and an SMTP server at `smtpPort`. */
function setup(smtpPort: number) {
  const network = toursNetwork();
  network.call('settings.set', { key: 'mail.smtp', value: { enabled: true, host: '127.0.0.1', port: smtpPort, security: 'none', from: 'leads@reseau.example' } });
  const member = network.member('Solaire Touraine', { email: 'pro@solaire-touraine.fr', contactName: 'Julien Martin', lat: 47.39, lon: 0.68, radiusKm: 50 });
  const leadId = network.lead({ civility: 'Mme' }).id;
  return { ...network, member, leadId };
}

describe('dispatch e-mail', () => {
  it('is written to the outbox with the dispatch and delivered to the member by the job', async () => {
    const { ctx, api, leadId } = setup(server.port);
    const { dispatchId } = api.call('routing.dispatch', { leadId });
    expect(api.call('mail.outbox.list', {})).toMatchObject([{ status: 'pending', recipient: 'pro@solaire-touraine.fr', reference: `AIG-${leadId}-${dispatchId}` }]);
    expect(await processOutbox(ctx)).toEqual({ sent: 1, failed: 0 });
    expect(api.call('mail.outbox.list', {})).toMatchObject([{ status: 'sent', attempts: 1 }]);
    const mail = server.received[0]!;
    expect(mail.to).toEqual(['pro@solaire-touraine.fr']);
    expect(mail.data).toContain(`X-Aiguillage-Reference: AIG-${leadId}-${dispatchId}`);
    const body = Buffer.from(mail.data.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/=\r\n/g, ''), 'latin1').toString('utf8');
    expect(body).toMatch(/Marie Durand|Durand/);
    expect(body).toContain('+33612345678');
    expect(await processOutbox(ctx)).toEqual({ sent: 0, failed: 0 });
  });

  it('retries later when the server is down, then marks the message failed after the last try', async () => {
    const port = server.port;
    await server.close();
    const { ctx, api, leadId, advance } = setup(port);
    api.call('routing.dispatch', { leadId });
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      expect(await processOutbox(ctx)).toEqual({ sent: 0, failed: 1 });
      const [m] = api.call('mail.outbox.list', {});
      expect(m!.attempts).toBe(attempt + 1);
      expect(m!.status).toBe(attempt < RETRY_DELAYS_MS.length ? 'pending' : 'failed');
      expect(m!.lastError).toMatch(/ECONNREFUSED|connect/);
      advance(RETRY_DELAYS_MS[attempt] ?? 0);
    }
    server = await startTestSmtpServer();
  });

  it('can be retried by hand once the server is back', async () => {
    const { ctx, api, leadId } = setup(1);
    api.call('routing.dispatch', { leadId });
    ctx.db.prepare("UPDATE outbox SET status = 'failed'").run();
    api.call('settings.set', { key: 'mail.smtp', value: { enabled: true, host: '127.0.0.1', port: server.port, security: 'none', from: 'leads@reseau.example' } });
    const [m] = api.call('mail.outbox.list', {});
    expect(api.call('mail.outbox.retry', { id: m!.id })).toMatchObject({ status: 'pending' });
    expect(await processOutbox(ctx)).toEqual({ sent: 1, failed: 0 });
  });
});
