import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { sendMail, smtpSettingsSchema } from './smtp';

interface Received {
  from: string;
  to: string[];
  data: string;
}

let server: SMTPServer;
let port: number;
let received: Received[];

beforeEach(async () => {
  received = [];
  server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'head-office' && auth.password === 'right') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

const settings = (over: object = {}) => smtpSettingsSchema.parse({ enabled: true, host: '127.0.0.1', port, security: 'none', from: 'Tête de réseau <leads@reseau.example>', ...over });

describe('SMTP sending', () => {
  it('delivers a message with its reference header to a real SMTP server', async () => {
    const result = await sendMail(settings(), { to: 'installateur@membre.example', subject: 'Nouveau lead L-42', text: 'Bonjour,\nun lead chaud à Tours.', reference: 'L-42/1' });
    expect(result.response).toMatch(/^250/);
    expect(received).toHaveLength(1);
    expect(received[0]!.from).toBe('leads@reseau.example');
    expect(received[0]!.to).toEqual(['installateur@membre.example']);
    expect(received[0]!.data).toContain('X-Aiguillage-Reference: L-42/1');
    expect(received[0]!.data).toContain('Subject: Nouveau lead L-42');
  });

  it('authenticates when a user is set, and fails clearly with a wrong password', async () => {
    await sendMail(settings({ user: 'head-office', password: 'right' }), { to: 'a@b.example', subject: 's', text: 't', reference: 'r' });
    expect(received).toHaveLength(1);
    await expect(sendMail(settings({ user: 'head-office', password: 'wrong' }), { to: 'a@b.example', subject: 's', text: 't', reference: 'r' })).rejects.toThrow(/Invalid login|Invalid username/);
    expect(received).toHaveLength(1);
  });

  it('fails when nothing listens on the port', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(sendMail(settings(), { to: 'a@b.example', subject: 's', text: 't', reference: 'r' })).rejects.toThrow(/ECONNREFUSED|connect/);
    server = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
});
