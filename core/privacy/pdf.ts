/**
 * The person's data as a PDF, in the report's A4 style: one section per lead with its fields,
 * consent, owner history, events and e-mails. The document is laid out during the command (the
 * words follow the caller's language) and rendered by pdfmake afterwards.
 */
import { tr } from '../language';
import type { PdfNode } from '../exports/libraries';
import { a4Pdf, BRAND, pdfWrapped, stamp } from '../exports/pdf';
import type { Dossier, DossierLead } from './dossier';

/** Statuses, temperatures, dispatch ends and event types as a person reads them (the data holds codes). */
const WORDS: Record<string, [en: string, fr: string]> = {
  new: ['new', 'nouveau'],
  qualified: ['qualified', 'qualifié'],
  discarded: ['discarded', 'écarté'],
  nurturing: ['nurturing', 'en couveuse'],
  dispatched: ['dispatched', 'attribué'],
  accepted: ['accepted', 'accepté'],
  declined: ['declined', 'refusé'],
  contacted: ['contacted', 'contacté'],
  quoted: ['quoted', 'devis envoyé'],
  won: ['won', 'gagné'],
  lost: ['lost', 'perdu'],
  hot: ['hot', 'chaud'],
  warm: ['warm', 'tiède'],
  cold: ['cold', 'froid'],
  expired: ['not accepted in time', 'non accepté à temps'],
  claimed: ['claimed', 'pris'],
  cancelled: ['cancelled', 'annulé'],
  created: ['created', 'créé'],
  updated: ['edited', 'modifié'],
  imported: ['imported', 'importé'],
  merged: ['merged', 'fusionné'],
  published: ['offered to several members', 'proposé à plusieurs membres'],
  routed_to_head_office: ['kept by the head office', 'gardé par la tête de réseau'],
  reassigned: ['re-assigned', 'ré-attribué'],
  quote_1: ['first quote', 'premier devis'],
  quote_2: ['second quote', 'second devis'],
  follow_up: ['follow-up', 'relance'],
  place_chosen: ['commune chosen', 'commune choisie'],
};
const word = (code: string | null) => (code === null ? null : WORDS[code] ? tr(...WORDS[code]) : code);

function when(t: number | null): string {
  return t === null ? '–' : stamp(t, tr('en-GB', 'fr-FR'));
}

function fieldsTable(rows: [string, string | number | null][]): PdfNode {
  return {
    table: { widths: [150, '*'], body: rows.map(([label, value]) => [{ text: label, color: '#555' }, pdfWrapped(value === null || value === '' ? '–' : String(value))]) },
    layout: 'lightHorizontalLines',
    fontSize: 9,
  };
}

function listTable(headers: string[], rows: string[][], widths: (number | string)[]): PdfNode {
  if (rows.length === 0) return { text: tr('None', 'Aucun'), italics: true, color: '#777', fontSize: 9 };
  return { table: { headerRows: 1, widths, body: [headers.map((h) => ({ text: h, bold: true })), ...rows.map((r) => r.map(pdfWrapped))] }, layout: 'lightHorizontalLines', fontSize: 8 };
}

function leadSection(d: DossierLead, first: boolean): PdfNode[] {
  const l = d.lead;
  return [
    { text: tr(`Lead no. ${l.id}`, `Lead n° ${l.id}`), style: 'h1', pageBreak: first ? undefined : 'before' },
    { text: tr('Identity and contact', 'Identité et coordonnées'), style: 'h2' },
    fieldsTable([
      [tr('Civility', 'Civilité'), l.civility],
      [tr('First name', 'Prénom'), l.firstName],
      [tr('Last name', 'Nom'), l.lastName],
      [tr('Phone', 'Téléphone'), l.phone],
      [tr('E-mail', 'E-mail'), l.email],
      [tr('Company', 'Société'), l.company],
      [tr('Address', 'Adresse'), l.address],
      [tr('Postal code and city', 'Code postal et ville'), `${l.postalCode} ${l.city}`.trim()],
      [tr('Country', 'Pays'), l.country],
      [tr('Comment', 'Commentaire'), l.comment],
    ]),
    { text: tr('Consent', 'Consentement'), style: 'h2' },
    fieldsTable([
      [tr('Given on', 'Donné le'), l.consentAt === null ? null : when(l.consentAt)],
      [tr('How', 'Comment'), l.consentHow],
      [tr('For what', 'Pour quoi'), l.consentFor],
    ]),
    { text: tr('Processing', 'Traitement'), style: 'h2' },
    fieldsTable([
      [tr('Received on', 'Reçu le'), when(l.receivedAt)],
      [tr('Source', 'Source'), [l.source, l.channel, l.campaign].filter(Boolean).join(' / ')],
      [tr('Source reference', 'Référence de la source'), l.externalRef],
      [tr('Budget (as given)', 'Budget (tel que donné)'), l.budgetText],
      [tr('Timeline (as given)', 'Délai (tel que donné)'), l.timelineText],
      [tr('Project', 'Projet'), l.product],
      [tr('Status', 'Statut'), word(l.status)],
      [tr('Temperature', 'Température'), word(l.temperature)],
      [tr('Score', 'Score'), l.score],
      [tr('Member in charge', 'Membre en charge'), d.owner?.name ?? null],
    ]),
    ...(l.extra.length
      ? [{ text: tr('Other columns of the imported file', 'Autres colonnes du fichier importé'), style: 'h2' }, fieldsTable(l.extra.map((e): [string, string] => [e.name, e.value]))]
      : []),
    { text: tr('Owner history', 'Historique des attributions'), style: 'h2' },
    listTable(
      [tr('Date', 'Date'), tr('Sent to', 'Envoyé à'), tr('Ended', 'Fin')],
      d.dispatches.map((x) => [
        when(x.at),
        x.memberName ?? (x.offeredToNames.length ? x.offeredToNames.join(', ') : tr('Head office', 'Tête de réseau')),
        x.endReason ? `${word(x.endReason)} ${when(x.endedAt)}` : '–',
      ]),
      [110, '*', 140],
    ),
    { text: tr('E-mails sent with this data', 'E-mails contenant ces données'), style: 'h2' },
    listTable(
      [tr('Date', 'Date'), tr('To', 'À'), tr('Subject', 'Objet')],
      d.mails.map((m) => [when(m.createdAt), m.recipient, m.subject]),
      [110, 130, '*'],
    ),
    { text: tr('History', 'Historique'), style: 'h2' },
    listTable(
      [tr('Date', 'Date'), tr('Event', 'Événement'), tr('By', 'Par')],
      d.events.map((e) => [when(e.at), word(e.type)!, e.actor]),
      [110, '*', 100],
    ),
  ];
}

export function dossierPdf(dossier: Dossier): Promise<Buffer> {
  const title = tr('Personal data held', 'Données personnelles détenues');
  const intro: PdfNode[] = [
    { text: 'Aiguillage', color: BRAND, fontSize: 12, bold: true },
    { text: title, fontSize: 22, bold: true, margin: [0, 4, 0, 4] },
    {
      text: `${tr('Generated on', 'Généré le')} ${when(dossier.generatedAt)} — ${tr(`${dossier.leads.length} lead(s)`, `${dossier.leads.length} lead(s)`)}`,
      fontSize: 9,
      color: '#777',
      margin: [0, 0, 0, 16],
    },
  ];
  const content = [...intro, ...dossier.leads.flatMap((d, i) => leadSection(d, i === 0))];
  return a4Pdf(title, title, { page: tr('Page', 'Page'), of: tr('of', 'sur') }, content);
}
