/**
 * SMTP settings and sending, through nodemailer. The password is not part of the setting: it is
 * sealed apart (settings/secrets.ts), never returned to the renderer, and joined to the
 * settings only to send. A login over a plain connection (security "none") is allowed to a
 * relay on this machine only: anywhere else the password would cross the network in clear.
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { isLoopbackHost } from '../../common/loopback';

export const smtpSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  host: z.string().trim().max(255).default(''),
  port: z.number().int().min(1).max(65535).default(587),
  /** 'tls': implicit TLS (465); 'starttls': upgrade required; 'none': plain, for a local relay only. */
  security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  user: z.string().max(255).default(''),
  from: z.string().trim().max(255).default(''),
  replyTo: z.string().trim().max(255).default(''),
});

export type SmtpSettings = z.output<typeof smtpSettingsSchema>;
/** What settings.set takes for mail.smtp: the password is optional (absent: keep the one set; '': remove it). */
export const smtpInputSchema = smtpSettingsSchema.extend({ password: z.string().max(255).optional() });
/** The settings with the password in clear, only to send. */
export type SmtpTransport = SmtpSettings & { password: string };

/** Whether these settings would send a login and password in clear over the network. */
export function plainLoginRefused(smtp: SmtpSettings): boolean {
  return smtp.security === 'none' && smtp.user !== '' && !isLoopbackHost(smtp.host);
}

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Our reference, also sent as a header so replies and bounces can be matched. */
  reference: string;
}

export interface SendResult {
  messageId: string;
  response: string;
}

export async function sendMail(smtp: SmtpTransport, message: OutgoingMessage): Promise<SendResult> {
  if (plainLoginRefused(smtp)) throw new Error(`Refused to log in to ${smtp.host} without encryption: choose TLS or STARTTLS (a plain connection is for a relay on this machine only).`);
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      replyTo: smtp.replyTo || undefined,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { 'X-Aiguillage-Reference': message.reference },
    });
    return { messageId: String(info.messageId), response: String(info.response) };
  } finally {
    transport.close();
  }
}
