import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendMail, smtpSettingsSchema, type SmtpTransport } from './smtp';
import { isLoopbackHost } from '../../common/loopback';
import { startTestSmtpServer, type TestSmtpServer } from './test-server';

let server: TestSmtpServer;
beforeEach(async () => (server = await startTestSmtpServer({ user: 'head-office', password: 'right' })));
afterEach(() => server.close());

const settings = (over: { password?: string } & Record<string, unknown> = {}): SmtpTransport => ({
  ...smtpSettingsSchema.parse({ enabled: true, host: '127.0.0.1', port: server.port, security: 'none', from: 'Tête de réseau <leads@reseau.example>', ...over }),
  password: over.password ?? '',
});

describe('SMTP sending', () => {
  it('delivers a message with its reference header to a real SMTP server', async () => {
    const result = await sendMail(settings(), { to: 'installateur@membre.example', subject: 'Nouveau lead L-42', text: 'Bonjour,\nun lead chaud à Tours.', reference: 'L-42/1' });
    expect(result.response).toMatch(/^250/);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.from).toBe('leads@reseau.example');
    expect(server.received[0]!.to).toEqual(['installateur@membre.example']);
    expect(server.received[0]!.data).toContain('X-Aiguillage-Reference: L-42/1');
    expect(server.received[0]!.data).toContain('Subject: Nouveau lead L-42');
  });

  it('authenticates when a user is set, and fails clearly with a wrong password', async () => {
    await sendMail(settings({ user: 'head-office', password: 'right' }), { to: 'a@b.example', subject: 's', text: 't', reference: 'r' });
    expect(server.received).toHaveLength(1);
    await expect(sendMail(settings({ user: 'head-office', password: 'wrong' }), { to: 'a@b.example', subject: 's', text: 't', reference: 'r' })).rejects.toThrow(/Invalid login|Invalid username/);
    expect(server.received).toHaveLength(1);
  });

  it('refuses to send a login in clear to a host that is not this machine', async () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['smtp.example.fr', '10.0.0.1', '128.0.0.1', 'localhost.example.fr', '']) expect(isLoopbackHost(host), host).toBe(false);
    await expect(sendMail(settings({ host: 'smtp.example.fr', user: 'head-office', password: 'right' }), { to: 'a@b.example', subject: 's', text: 't', reference: 'r' })).rejects.toThrow(
      /Refused to log in to smtp.example.fr without encryption/,
    );
  });

  it('fails when nothing listens on the port', async () => {
    const port = server.port;
    await server.close();
    await expect(sendMail(settings({ port }), { to: 'a@b.example', subject: 's', text: 't', reference: 'r' })).rejects.toThrow(/ECONNREFUSED|connect/);
    server = await startTestSmtpServer();
  });
});
