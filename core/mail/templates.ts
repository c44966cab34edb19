/** The text of the mail a member receives with a lead: everything needed to call the prospect, and our reference. */
import type { Lead } from '../leads/schema';
import type { Member } from '../members/schema';

const TEMPERATURE: Record<string, string> = { hot: 'CHAUD', warm: 'TIÈDE', cold: 'FROID' };

export function dispatchMailText(lead: Lead, member: Member, reference: string): { subject: string; body: string } {
  const name = [lead.civility, lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.company || '—';
  const temperature = lead.temperature ? TEMPERATURE[lead.temperature] : '';
  const subject = `[${reference}] Nouveau lead ${temperature ? temperature.toLowerCase() + ' ' : ''}: ${name}, ${lead.postalCode} ${lead.city}`.replace(/\s+/g, ' ').trim();
  const lines = [
    `Bonjour ${member.contactName || member.name},`,
    '',
    'La tête de réseau vous confie un nouveau lead. Merci de l’accepter ou de le refuser rapidement en répondant à ce message.',
    '',
    `Référence : ${reference}`,
    temperature ? `Température : ${temperature}` : null,
    `Contact : ${name}`,
    lead.company ? `Société : ${lead.company}` : null,
    lead.phone ? `Téléphone : ${lead.phone}` : null,
    lead.email ? `E-mail : ${lead.email}` : null,
    `Adresse : ${[lead.address, `${lead.postalCode} ${lead.city}`].filter((s) => s.trim()).join(', ')}`,
    lead.product ? `Projet : ${lead.product}` : null,
    lead.source ? `Origine : ${lead.source}${lead.campaign ? ` (${lead.campaign})` : ''}` : null,
    lead.comment ? `Commentaire : ${lead.comment}` : null,
    '',
    'Aiguillage — tête de réseau',
  ];
  return { subject, body: lines.filter((l) => l !== null).join('\n') };
}
