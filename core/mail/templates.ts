/**
 * The texts of the mails a member receives, in the member's language (core/mail/delivery.ts):
 * a lead dispatched to it (everything needed to call the prospect, and our reference), the
 * reminder when its answer is late, and the daily digest of the leads waiting for an answer.
 * With a public address (Context.linkOrigin) each lead comes with its links to accept or
 * decline it (core/mail/links.ts); without one, the member answers by replying to the mail.
 * The reminder and the digest name no prospect: the digest is one outbox row for several leads,
 * which an erasure of one of them could not blank, and the contact details come with the
 * acceptance (the confirmation page shows them, as the extranet does).
 */
import type { Lead } from '../leads/schema';
import type { Member } from '../members/schema';
import type { Language } from '../language';
import { ZONE } from '../../common/paris';
import type { AnswerLinks } from './links';

export interface MailText {
  subject: string;
  body: string;
}

const TEMPERATURE: Record<Language, Record<string, string>> = {
  fr: { hot: 'CHAUD', warm: 'TIÈDE', cold: 'FROID' },
  en: { hot: 'HOT', warm: 'WARM', cold: 'COLD' },
};

/** The words of each language; `{x}` parts are filled by the functions below. */
const WORDS = {
  fr: {
    hello: (name: string) => `Bonjour ${name},`,
    newLead: (temperature: string, name: string, place: string) => `Nouveau lead ${temperature}: ${name}, ${place}`,
    intro: 'La tête de réseau vous confie un nouveau lead.',
    replyToAnswer: 'Merci de l’accepter ou de le refuser rapidement en répondant à ce message.',
    answerBy: (due: string) => `Merci de l’accepter ou de le refuser avant le ${due} :`,
    accept: 'Accepter',
    decline: 'Refuser',
    linksNote: 'Chaque lien ouvre une page où vous confirmez votre réponse ; il ne sert qu’une fois, jusqu’à l’échéance.',
    reference: 'Référence',
    temperature: 'Température',
    contact: 'Contact',
    company: 'Société',
    phone: 'Téléphone',
    email: 'E-mail',
    address: 'Adresse',
    project: 'Projet',
    origin: 'Origine',
    comment: 'Commentaire',
    due: 'Échéance',
    reminderSubject: (place: string, due: string) => `Rappel : lead en attente à ${place}, réponse attendue avant le ${due}`,
    reminder: (due: string) => `Ce lead attend toujours votre réponse. Sans réponse avant le ${due}, il sera confié à un autre membre.`,
    digestSubject: (n: number, day: string) => `Aiguillage : ${n} lead${n > 1 ? 's' : ''} en attente de votre réponse (${day})`,
    digest: (n: number) => `${n} lead${n > 1 ? 's attendent' : ' attend'} votre réponse. Les coordonnées du prospect s’affichent une fois le lead accepté.`,
    digestReply: 'Répondez à ce message en citant la référence de chaque lead.',
    signature: 'Aiguillage — tête de réseau',
  },
  en: {
    hello: (name: string) => `Hello ${name},`,
    newLead: (temperature: string, name: string, place: string) => `New ${temperature}lead: ${name}, ${place}`,
    intro: 'The head office gives you a new lead.',
    replyToAnswer: 'Please accept or decline it quickly by replying to this message.',
    answerBy: (due: string) => `Please accept or decline it before ${due}:`,
    accept: 'Accept',
    decline: 'Decline',
    linksNote: 'Each link opens a page where you confirm your answer; it works once, until the deadline.',
    reference: 'Reference',
    temperature: 'Temperature',
    contact: 'Contact',
    company: 'Company',
    phone: 'Phone',
    email: 'E-mail',
    address: 'Address',
    project: 'Project',
    origin: 'Source',
    comment: 'Comment',
    due: 'Deadline',
    reminderSubject: (place: string, due: string) => `Reminder: a lead in ${place} waits for your answer before ${due}`,
    reminder: (due: string) => `This lead still waits for your answer. Without an answer before ${due}, it will go to another member.`,
    digestSubject: (n: number, day: string) => `Aiguillage: ${n} lead${n > 1 ? 's' : ''} waiting for your answer (${day})`,
    digest: (n: number) => `${n} lead${n > 1 ? 's wait' : ' waits'} for your answer. The prospect’s contact details show once you accept the lead.`,
    digestReply: 'Reply to this message quoting each lead’s reference.',
    signature: 'Aiguillage — head office',
  },
} as const;

/** A deadline as people read it, in Paris time: "lundi 23 novembre à 14:00", "Monday 23 November, 14:00". */
export function formatInstant(at: number, language: Language): string {
  const format = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
  return format.format(at);
}

/** "Tours (37000)": where the lead is, the only place a reminder or the digest names. */
const placeOf = (lead: Lead) => `${lead.city} (${lead.postalCode})`.trim();

/** The mail's lines; null for a field the lead does not have ('' is a blank line). */
const lines = (...parts: (string | null)[]) => parts.filter((l): l is string => l !== null).join('\n');

/** "Label : value" in French, "Label: value" in English. */
const field = (language: Language, label: string, value: string) => `${label}${language === 'fr' ? ' :' : ':'} ${value}`;

const linkLines = (links: AnswerLinks, language: Language) => [field(language, WORDS[language].accept, links.accept), field(language, WORDS[language].decline, links.decline)];

/** `answer`: the links to answer and the deadline they work until; null, the mail asks for a reply. */
export function dispatchMailText(lead: Lead, member: Member, reference: string, language: Language, answer: { links: AnswerLinks; dueAt: number } | null): MailText {
  const w = WORDS[language];
  const name = [lead.civility, lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.company || '—';
  const temperature = lead.temperature ? TEMPERATURE[language][lead.temperature]! : '';
  const subject = `[${reference}] ${w.newLead(temperature ? temperature.toLowerCase() + ' ' : '', name, `${lead.postalCode} ${lead.city}`)}`.replace(/\s+/g, ' ').trim();
  const f = (label: string, value: string) => field(language, label, value);
  const body = lines(
    w.hello(member.contactName || member.name),
    '',
    answer ? `${w.intro} ${w.answerBy(formatInstant(answer.dueAt, language))}` : `${w.intro} ${w.replyToAnswer}`,
    ...(answer ? ['', ...linkLines(answer.links, language), w.linksNote] : []),
    '',
    f(w.reference, reference),
    temperature ? f(w.temperature, temperature) : null,
    f(w.contact, name),
    lead.company ? f(w.company, lead.company) : null,
    lead.phone ? f(w.phone, lead.phone) : null,
    lead.email ? f(w.email, lead.email) : null,
    f(w.address, [lead.address, `${lead.postalCode} ${lead.city}`].filter((s) => s.trim()).join(', ')),
    lead.product ? f(w.project, lead.product) : null,
    lead.source ? f(w.origin, `${lead.source}${lead.campaign ? ` (${lead.campaign})` : ''}`) : null,
    lead.comment ? f(w.comment, lead.comment) : null,
    '',
    w.signature,
  );
  return { subject, body };
}

/** What the reminder and the digest say of a lead: where, what, how hot, until when; no prospect's name. */
function summary(lead: Lead, reference: string, dueAt: number, language: Language): string[] {
  const w = WORDS[language];
  const temperature = lead.temperature ? TEMPERATURE[language][lead.temperature]! : '';
  return [
    `[${reference}] ${[temperature, placeOf(lead), lead.product].filter(Boolean).join(' · ')}`,
    lead.budgetText ? field(language, 'Budget', lead.budgetText) : null,
    field(language, w.due, formatInstant(dueAt, language)),
  ].filter((l): l is string => l !== null);
}

export function reminderMailText(lead: Lead, member: Member, reference: string, { language, dueAt, links }: { language: Language; dueAt: number; links: AnswerLinks | null }): MailText {
  const w = WORDS[language];
  const due = formatInstant(dueAt, language);
  return {
    subject: `[${reference}] ${w.reminderSubject(placeOf(lead), due)}`,
    body: lines(
      w.hello(member.contactName || member.name),
      '',
      w.reminder(due),
      links ? '' : w.replyToAnswer,
      ...(links ? linkLines(links, language) : []),
      '',
      ...summary(lead, reference, dueAt, language),
      '',
      w.signature,
    ),
  };
}

export interface DigestEntry {
  lead: Lead;
  reference: string;
  dueAt: number;
  links: AnswerLinks | null;
}

export function digestMailText(member: Member, day: string, entries: DigestEntry[], language: Language): MailText {
  const w = WORDS[language];
  const [y, m, d] = day.split('-');
  return {
    subject: w.digestSubject(entries.length, `${d}/${m}/${y}`),
    body: lines(
      w.hello(member.contactName || member.name),
      '',
      w.digest(entries.length),
      entries.some((e) => e.links) ? w.linksNote : w.digestReply,
      ...entries.flatMap((e) => ['', ...summary(e.lead, e.reference, e.dueAt, language), ...(e.links ? linkLines(e.links, language) : [])]),
      '',
      w.signature,
    ),
  };
}
