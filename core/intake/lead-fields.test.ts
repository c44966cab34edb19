/**
 * Imports lose nothing and say out loud what is doubtful about a place: two fixtures of our own
 * (a call-center export with its reference, call date, budget, timeline and extra columns; a
 * file with every kind of place defect), each line with its exact outcome.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caller, testContext, validMember } from '../test-support';
import { proposeMapping } from './mapping';
import type { ImportReport } from './store';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name)).toString('base64');

function setup() {
  const ctx = testContext(NOW);
  return { ctx, ...caller(ctx) };
}

async function importFixture(api: ReturnType<typeof caller>, name: string) {
  const contentBase64 = fixture(name);
  const preview = await api.callAsync('intake.preview', { fileName: name, contentBase64, sourceName: 'Centre Appels Sud' });
  return { preview, report: api.call('intake.run', { fileName: name, contentBase64, sourceName: 'Centre Appels Sud', mapping: preview.mapping }) };
}

/** line -> [outcome, messages], for every data row of a report. */
function outcomes(report: ImportReport): Record<number, [string, string]> {
  const out: Record<number, [string, string]> = {};
  for (const [a, b] of report.acceptedLines) for (let l = a; l <= b; l++) out[l] = ['accepted', ''];
  for (const r of report.rows) out[r.line] = [r.outcome, r.messages.join(' | ')];
  return out;
}

function leadAt(call: ReturnType<typeof caller>['call'], importId: number, line: number) {
  const lead = call('leads.list', { importId, limit: 500 }).items.find((l) => l.importLine === line);
  if (!lead) throw new Error(`no lead for line ${line}`);
  return lead;
}

describe('a call-center export: nothing dropped', () => {
  it('maps the reference, the call date, the budget and the timeline from their French headers', async () => {
    const api = setup();
    const { preview } = await importFixture(api, 'lead-fields.csv');
    expect(preview.mapping).toEqual({
      externalRef: 'Réf. dossier',
      receivedAt: "Date de l'appel",
      lastName: 'Nom',
      firstName: 'Prénom',
      phone: 'Téléphone',
      postalCode: 'Code postal',
      city: 'Ville',
      budget: 'Budget',
      timeline: 'Délai',
    });
  });

  it('gives each line its exact outcome', async () => {
    const api = setup();
    const { report } = await importFixture(api, 'lead-fields.csv');
    expect(outcomes(report)).toEqual({
      2: ['accepted', ''],
      3: ['accepted', ''],
      4: ['warned', 'Budget "selon devis" not read (no amount); kept as typed'],
      5: ['warned', 'Timeline "quand il aura vendu" not read (no delay or date found); kept as typed'],
      6: ['warned', 'Possible duplicate of line 2 (same last name and postal code, same reference from the same source); merge proposed'],
    });
    expect(report.counts).toEqual({ accepted: 2, warned: 3, rejected: 0 });
  });

  it('stores the reference, the call date, the BANT answers with their text, and every other column', async () => {
    const api = setup();
    const { call } = api;
    const { report } = await importFixture(api, 'lead-fields.csv');
    const first = leadAt(call, report.importId, 2);
    expect(first).toMatchObject({
      externalRef: 'CC-1001',
      receivedAt: Date.UTC(2026, 9, 14, 7, 30),
      city: 'La Roche-de-Glun',
      postalCode: '26600',
      geoPrecision: 'commune',
      budgetText: '15 000 €',
      timelineText: '< 3 mois',
      bant: { budgetCents: 1_500_000, timeline: 'within_3_months', authority: null, need: null },
      extra: [
        { name: 'Type de logement', value: 'Maison' },
        { name: 'Surface (m²)', value: '120' },
        { name: 'Chauffage actuel', value: 'Fioul' },
        { name: 'Commentaire agent', value: 'Rappeler le soir' },
      ],
      locationCheck: null,
    });
    // Budget and timeline count in the score as if the qualifier had answered them.
    expect(first.scoreBreakdown.map((l) => l.factor)).toEqual(expect.arrayContaining(['budget', 'timeline']));
    expect(leadAt(call, report.importId, 3)).toMatchObject({
      bant: { budgetCents: 1_000_000, timeline: 'later' },
      extra: [
        { name: 'Type de logement', value: 'Appartement' },
        { name: 'Chauffage actuel', value: 'Gaz' },
      ],
    });
    expect(leadAt(call, report.importId, 4)).toMatchObject({ budgetText: 'selon devis', bant: { budgetCents: null, timeline: 'immediate' } });
    expect(leadAt(call, report.importId, 5)).toMatchObject({ timelineText: 'quand il aura vendu', bant: { budgetCents: 1_500_000, timeline: null }, extra: [] });
  });

  it('finds a lead by its reference in the search box, whatever the case', async () => {
    const api = setup();
    const { call } = api;
    await importFixture(api, 'lead-fields.csv');
    expect(call('leads.list', { search: 'cc-1003' }).items.map((l) => l.lastName)).toEqual(['Bernard']);
    expect(call('leads.list', { search: 'CC-1001' }).total).toBe(2);
    expect(call('leads.list', { search: 'Bernard' }).total).toBe(1);
  });

  it('keeps the source fields through an edit of the lead', async () => {
    const api = setup();
    const { call } = api;
    const { report } = await importFixture(api, 'lead-fields.csv');
    const lead = leadAt(call, report.importId, 2);
    const { lead: edited } = call('leads.update', { id: lead.id, comment: 'Vu au téléphone' });
    expect(edited).toMatchObject({ externalRef: 'CC-1001', budgetText: '15 000 €', timelineText: '< 3 mois', extra: lead.extra, comment: 'Vu au téléphone' });
  });

  it('matches a member feedback file by the source reference', async () => {
    const api = setup();
    const { call } = api;
    call('members.create', { ...validMember, postalCode: '26000', city: 'Valence', lat: 44.93, lon: 4.89, radiusKm: 60, productLines: [] });
    const { report } = await importFixture(api, 'lead-fields.csv');
    const lead = leadAt(call, report.importId, 3);
    call('leads.qualify', { id: lead.id, temperature: 'warm' });
    call('routing.dispatch', { leadId: lead.id });
    const feedback = (text: string) => call('workflow.importFeedback', { fileName: 'retours.csv', contentBase64: Buffer.from(text, 'utf8').toString('base64') });
    const result = feedback('Référence;Statut\ncc-1002;Accepté\nCC-1001;Accepté\nCC-9999;Accepté\n');
    expect(result.lines.map((l) => [l.line, l.leadId, l.ok])).toEqual([
      [2, lead.id, true],
      [3, null, false],
      [4, null, false],
    ]);
    expect(result.lines[1]!.message).toBe('Reference "CC-1001" names several leads (from several sources)');
    expect(result.lines[2]!.message).toBe('No lead reference in "CC-9999"');
    expect(call('leads.get', { id: lead.id }).lead.status).toBe('accepted');
  });

  it("refuses a bare number that is one lead's id and another lead's reference", async () => {
    const api = setup();
    const { call, ctx } = api;
    const { report } = await importFixture(api, 'lead-fields.csv');
    const a = leadAt(call, report.importId, 2);
    const b = leadAt(call, report.importId, 3);
    ctx.db.prepare('UPDATE leads SET external_ref = ? WHERE id = ?').run(String(a.id), b.id);
    const result = call('workflow.importFeedback', { fileName: 'r.csv', contentBase64: Buffer.from(`Lead;Statut\n${a.id};Accepté\n`).toString('base64') });
    expect(result.lines[0]!.message).toBe(`"${a.id}" is lead no. ${a.id} and the reference of lead no. ${b.id}: write AIG-${a.id} or the reference with its lead`);
  });

  it("exports the extra columns with the person's data, and anonymising blanks them", async () => {
    const api = setup();
    const { call } = api;
    const { report } = await importFixture(api, 'lead-fields.csv');
    const lead = leadAt(call, report.importId, 2);
    const out = call('privacy.export', { person: { leadId: lead.id }, format: 'json' });
    if (out.format !== 'json') throw new Error('expected JSON');
    expect(out.dossier.leads[0]!.lead).toMatchObject({ externalRef: 'CC-1001', extra: lead.extra });
    call('privacy.erase', { person: { leadId: lead.id }, reason: 'request' });
    const erased = call('leads.get', { id: lead.id }).lead;
    expect(erased).toMatchObject({ externalRef: '', budgetText: '', timelineText: '', bant: { budgetCents: 1_500_000, timeline: 'within_3_months' } });
    expect(erased.extra).toEqual(lead.extra.map((e) => ({ name: e.name, value: '' })));
  });
});

describe('the lead export', () => {
  it('writes every field, the BANT answers beside the text as given, and one column per extra column, neutralised', async () => {
    const api = setup();
    await importFixture(api, 'lead-fields.csv');
    await importFixture(api, 'lead-places.csv');
    const { fileName, text, count } = api.call('leads.exportCsv', { search: '', sort: 'received_asc' });
    expect(fileName).toBe('leads-2026-11-23.csv');
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(count).toBe(16);
    expect(lines[0]!.split(';').slice(-6)).toEqual(['Timeline as given', 'Comment', 'Type de logement', 'Surface (m²)', 'Chauffage actuel', 'Commentaire agent']);
    const dupont = lines.find((l) => l.includes('CC-1001') && l.includes('Rappeler le soir'))!.split(';');
    expect(dupont.slice(-9)).toEqual(['15000', '15 000 €', 'within_3_months', '< 3 mois', '', 'Maison', '120', 'Fioul', 'Rappeler le soir']);
    // A cell that starts like a formula leaves neutralised.
    expect(lines.find((l) => l.includes('Roux'))).toContain(";'@SUM(A1:A9);");
    expect(lines.find((l) => l.includes('HYPERLINK'))).toMatch(/;"'=HYPERLINK\(/);
  });
});

describe('a file with every kind of place defect', () => {
  it('gives each line its exact outcome', async () => {
    const api = setup();
    const { report } = await importFixture(api, 'lead-places.csv');
    expect(outcomes(report)).toEqual({
      2: ['accepted', ''],
      3: ['warned', 'No postal code, and "Saint-Denis" names 4 communes: Saint-Denis (97400), Saint-Denis (93200), Saint-Denis (11310), Saint-Denis (30500). The lead waits for you to pick one'],
      4: ['warned', "Postal code 26300 is not that of Valence (26000); the town was used, as it lies in the postal code's département"],
      5: ['warned', 'Postal code 38000 is not that of "Valence": the postal code was used (Grenoble), as "Valence" is elsewhere: Valence (26000), Valence (82400), Valence (16460)'],
      6: ['rejected', 'Neither postal code nor town: the lead cannot be placed'],
      7: ['warned', "Postal code 97400 is in overseas France, outside the network's area (metropolitan France)"],
      8: ['warned', "Postal code 98000 is in Monaco, outside the network's area (metropolitan France)"],
      9: ['warned', "Country BE: abroad, outside the network's area (metropolitan France); not placed on the map"],
      10: ['warned', 'Column "Commentaire" starts like a formula ("@SUM(A1:A9)"): kept as typed, neutralised in exports'],
      11: ['warned', 'No postal code, and no commune is named "Xyzville". The lead waits for you to give its place'],
      12: ['accepted', ''],
      13: ['warned', 'Column "Nom" starts like a formula ("=HYPERLINK(\\"http://evil.example\\";\\"clic\\")"): kept as typed, neutralised in exports'],
    });
  });

  it('places a town without postal code within its département, and keeps official spellings', async () => {
    const api = setup();
    const { call } = api;
    const { report } = await importFixture(api, 'lead-places.csv');
    expect(leadAt(call, report.importId, 2)).toMatchObject({ city: 'Valence', postalCode: '26000', departement: '26', geoPrecision: 'commune', locationCheck: null });
    expect(leadAt(call, report.importId, 12)).toMatchObject({ city: 'Valence', departement: '26' });
    // The typed town stays when the postal code wins; the code's commune gives the point.
    expect(leadAt(call, report.importId, 5)).toMatchObject({ city: 'Valence', postalCode: '38000', departement: '38' });
    expect(leadAt(call, report.importId, 10)).toMatchObject({ city: "Tain-l'Hermitage", comment: '@SUM(A1:A9)' });
  });

  it('holds an ambiguous town for a person to pick, and routes it only once picked', async () => {
    const api = setup();
    const { call } = api;
    const { report } = await importFixture(api, 'lead-places.csv');
    const held = leadAt(call, report.importId, 3);
    expect(held).toMatchObject({ lat: null, lon: null, locationCheck: { kind: 'ambiguous_town', town: 'Saint-Denis' } });
    expect(held.locationCheck?.kind === 'ambiguous_town' && held.locationCheck.candidates.map((c) => c.postalCode)).toEqual(['97400', '93200', '11310', '30500']);
    call('leads.qualify', { id: held.id, temperature: 'warm' });
    expect(call('routing.suggest', { leadId: held.id }).decision.outcome).toEqual({ kind: 'head_office', reason: 'no_location' });
    const picked = call('leads.pickCommune', { id: held.id, insee: '93066' });
    expect(picked).toMatchObject({ city: 'Saint-Denis', postalCode: '93200', departement: '93', geoPrecision: 'commune', locationCheck: null });
    expect(picked.lat).not.toBeNull();
    expect(call('leads.get', { id: held.id }).events.at(-1)).toMatchObject({ type: 'place_chosen', data: { from: 'ambiguous_town', insee: '93066', city: 'Saint-Denis' } });
  });

  it('keeps a row with neither postal code nor town, held at the head office, when the setting says so', async () => {
    const api = setup();
    const { call } = api;
    call('settings.set', { key: 'intake.leadsWithoutPlace', value: 'head_office' });
    const { report } = await importFixture(api, 'lead-places.csv');
    expect(outcomes(report)[6]).toEqual(['warned', 'Neither postal code nor town: kept, and held at the head office until its place is given']);
    const kept = leadAt(call, report.importId, 6);
    expect(kept).toMatchObject({ locationCheck: { kind: 'no_location' }, lat: null });
    call('leads.qualify', { id: kept.id, temperature: 'warm' });
    expect(call('routing.suggest', { leadId: kept.id }).decision.outcome).toEqual({ kind: 'head_office', reason: 'no_location' });
    // Giving the place clears the check.
    expect(call('leads.update', { id: kept.id, postalCode: '26000', city: 'Valence' }).lead).toMatchObject({ locationCheck: null, departement: '26' });
  });
});

describe('header recognition', () => {
  it.each([
    "Date de l'appel",
    "Date d'appel",
    'DATE_APPEL',
    'Date de réception',
    'date de reception',
    'Date de création',
    'Créé le',
    'créé le :',
    'Call date',
    'Created at',
    'created_at',
    'Received',
    'Date du contact',
    'Date appel entrant CC',
    'Date de saisie',
    'Creation date',
  ])('takes "%s" for the reception date', (header) => {
    expect(proposeMapping(['Nom', header, 'Téléphone'])).toMatchObject({ receivedAt: header });
  });

  it.each([
    ['Réf. dossier', 'externalRef'],
    ['Référence', 'externalRef'],
    ['N° de dossier partenaire', 'externalRef'],
    ['ID lead', 'externalRef'],
    ['Ref CC', 'externalRef'],
    ['Budget estimé (€)', 'budget'],
    ['Enveloppe', 'budget'],
    ['Délai du projet', 'timeline'],
    ['Échéance', 'timeline'],
    ['Timeline', 'timeline'],
    ['Dépt', 'departement'],
  ])('takes "%s" for %s', (header, field) => {
    expect(proposeMapping(['Nom', 'Numéro de téléphone', header])).toMatchObject({ [field]: header, phone: 'Numéro de téléphone' });
  });
});
