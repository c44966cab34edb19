/**
 * SMTP settings and sending, through nodemailer. The password is kept in the database like
 * every other setting (the file is readable by its owner only); it is never logged or returned
 * to the renderer in clear.
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';

export const smtpSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  host: z.string().trim().max(255).default(''),
  port: z.number().int().min(1).max(65535).default(587),
  /** 'tls': implicit TLS (465); 'starttls': upgrade required; 'none': plain, for a local relay only. */
  security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  user: z.string().max(255).default(''),
  password: z.string().max(255).default(''),
  from: z.string().trim().max(255).default(''),
  replyTo: z.string().trim().max(255).default(''),
});

export type SmtpSettings = z.output<typeof smtpSettingsSchema>;

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

export async function sendMail(smtp: SmtpSettings, message: OutgoingMessage): Promise<SendResult> {
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
