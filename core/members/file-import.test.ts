import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { caller, downloaded, testContext, validMember } from '../test-support';

const HEADER = 'Code réseau;SIRET;Nom;Type;Interlocuteur;E-mail;Téléphone;Adresse;Code postal;Ville;Latitude;Longitude;Rayon (km);Coefficient;Capacité par semaine;Gammes;Actif;Absences';

/** One line per defect kind, each with the outcome it must get (line numbers as the file shows them). */
const DEFECTS = [
  HEADER,
  'A001;732 829 320 00074;Solaire Tours;installateur;Julie Martin;julie@solaire-tours.fr;02 47 00 00 00;1 rue Nationale;37000;Tours;47,3941;0,6848;40;1,5;12;PAC, Solaire / Clim | Isolation;oui;21/12/2026 - 02/01/2027 (Congés)', // 2 new
  'A002;73282932000075;Siret Faux;installateur;;;;;37000;Tours;;;30;1;10;;oui;', // 3 bad SIRET key
  'a001;;Doublon;installateur;;;;;37000;Tours;;;30;1;10;;oui;', // 4 same code as line 2
  'A003;;Mail Faux;revendeur;;pas-un-mail;;;44000;Nantes;;;30;1;10;;oui;', // 5 bad e-mail
  'A004;;CP Faux;agence;;;;;4400A;Nantes;;;30;1;10;;oui;', // 6 bad postal code
  'A005;;Rayon Trop Grand;installateur;;;;;69003;Lyon;;;500;1;10;;oui;', // 7 radius out of range
  'A006;;Type Inconnu;franchise;;;;;69003;Lyon;;;30;1;10;;oui;', // 8 unknown kind
  'A007;;Dates Fausses;installateur;;;;;13001;Marseille;;;30;1;10;;oui;31/02/2027 - 05/03/2027', // 9 a day that does not exist
  'A008;;Absences Chevauchantes;distributeur;;;;;6000;Nice;;;30;1;10;;non;"01/03/2027 - 10/03/2027; 05/03/2027 - 15/03/2027"', // 10 new: zero restored, absences merged
  ';;;;;;;;;;;;;;;;;', // 11 empty: skipped
  'A009;;=SOMME(A1);installateur;;;;;75011;Paris;;;30;1;10;;oui;', // 12 formula: kept, warned
  ';;Sans Code;installateur;;;;;75011;Paris;;;30;1;10;;oui;', // 13 no identity
  'A010;;Décalée;installateur;;;;;75011;Paris;;;30;1;10;;oui;;en trop', // 14 shifted values
  'A011;;Fin Avant Début;installateur;;;;;75011;Paris;;;30;1;10;;oui;10/03/2027 - 01/03/2027', // 15 absence ending before it starts
  'A012;;Coordonnée Seule;installateur;;;;;75011;Paris;48,85;;30;1;10;;oui;', // 16 latitude without longitude
  'A013;;Coef Texte;installateur;;;;;75011;Paris;;;30;beaucoup;10;;oui;', // 17 not a number
].join('\r\n');

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function setup() {
  const ctx = testContext();
  return { ctx, ...caller(ctx) };
}

describe('member import', () => {
  it('gives every defect kind its exact outcome, line by line, and imports the good lines in one go', () => {
    const { call } = setup();
    const preview = call('members.import.preview', { fileName: 'reseau.csv', contentBase64: b64(DEFECTS) });
    expect(preview.format).toBe('csv');
    expect(preview.mapping).toEqual({
      code: 'Code réseau',
      siret: 'SIRET',
      name: 'Nom',
      kind: 'Type',
      contactName: 'Interlocuteur',
      email: 'E-mail',
      phone: 'Téléphone',
      address: 'Adresse',
      postalCode: 'Code postal',
      city: 'Ville',
      lat: 'Latitude',
      lon: 'Longitude',
      radiusKm: 'Rayon (km)',
      priorityCoefficient: 'Coefficient',
      capacityPerWeek: 'Capacité par semaine',
      productLines: 'Gammes',
      active: 'Actif',
      absences: 'Absences',
    });
    const byLine = Object.fromEntries(preview.plan.lines.map((l) => [l.line, { outcome: l.outcome, errors: l.errors, warnings: l.warnings }]));
    expect(byLine).toEqual({
      2: { outcome: 'new', errors: [], warnings: ['Product line "Isolation" is not in the catalogue: kept as written (map it in Settings > Product catalogue)'] },
      3: { outcome: 'rejected', errors: ['SIRET: 73282932000075 fails its check digit (Luhn): a digit is wrong'], warnings: [] },
      4: { outcome: 'rejected', errors: ['Same code as line 2'], warnings: [] },
      5: { outcome: 'rejected', errors: ['E-mail: Not a valid e-mail address'], warnings: [] },
      6: { outcome: 'rejected', errors: ['Code postal: A French postal code has 5 digits'], warnings: [] },
      7: { outcome: 'rejected', errors: ['Rayon (km): At most 300 km'], warnings: [] },
      8: { outcome: 'rejected', errors: ['Type: Unknown kind "franchise": one of installer, reseller, distributor, agency'], warnings: [] },
      9: { outcome: 'rejected', errors: ['Absences: 31/02/2027 is not a day of the calendar'], warnings: [] },
      10: { outcome: 'new', errors: [], warnings: ['Postal code 6000 read as 06000 (a spreadsheet dropped its leading zero)'] },
      12: { outcome: 'new', errors: [], warnings: ['Column "Nom" starts like a formula ("=SOMME(A1)"): kept as typed, neutralised in exports'] },
      13: { outcome: 'rejected', errors: ['No network code and no SIRET: a new member is known by one of them'], warnings: [] },
      14: { outcome: 'rejected', errors: ['19 values for 18 columns: values are shifted (a separator inside an unquoted field?)'], warnings: [] },
      15: { outcome: 'rejected', errors: ['Absences: The absence ends (2027-03-01) before it starts (2027-03-10)'], warnings: [] },
      16: { outcome: 'rejected', errors: ['Give both latitude and longitude, or neither'], warnings: [] },
      17: { outcome: 'rejected', errors: ['Coefficient: "beaucoup" is not a number'], warnings: [] },
    });
    expect(preview.plan.counts).toEqual({ new: 3, changed: 0, unchanged: 0, rejected: 12, absent: 0, absences: 3 });

    const result = call('members.import.run', { fileName: 'reseau.csv', contentBase64: b64(DEFECTS), mapping: preview.mapping });
    expect(result.counts).toEqual(preview.plan.counts);
    const members = call('members.list', {});
    expect(members.map((m) => [m.code, m.name, m.postalCode, m.departement, m.active])).toEqual([
      ['A009', '=SOMME(A1)', '75011', '75', true],
      ['A008', 'Absences Chevauchantes', '06000', '06', false],
      ['A001', 'Solaire Tours', '37000', '37', true],
    ]);
    const tours = members.find((m) => m.code === 'A001')!;
    expect(tours).toMatchObject({
      siret: '73282932000074',
      kind: 'installer',
      contactName: 'Julie Martin',
      lat: 47.3941,
      lon: 0.6848,
      radiusKm: 40,
      priorityCoefficient: 1.5,
      capacityPerWeek: 12,
      productLines: ['Pompe à chaleur air-eau', 'Photovoltaïque', 'Pompe à chaleur air-air', 'Isolation'],
    });
    // Placed at its commune when the file gives no coordinates.
    expect(members.find((m) => m.code === 'A008')!.lat).toBeCloseTo(43.7, 1);
    const nice = members.find((m) => m.code === 'A008')!;
    expect(call('members.absences.list', { memberId: nice.id }).map((a) => [a.startsOn, a.endsOn])).toEqual([['2027-03-01', '2027-03-15']]);
    expect(call('members.absences.list', { memberId: tours.id }).map((a) => [a.startsOn, a.endsOn, a.reason])).toEqual([['2026-12-21', '2027-01-02', 'Congés']]);
  });

  it('updates members by their code on a newer file, shows what changes, and archives only the ticked absent members', () => {
    const { call, tryCall } = setup();
    const first = [
      HEADER,
      'A1;;Alpha;installateur;;;;;37000;Tours;47,39;0,68;30;1;10;PAC;oui;',
      'A2;;Beta;installateur;;;;;41000;Blois;47,58;1,33;30;1;10;;oui;',
      'A3;;Gamma;installateur;;;;;45000;Orléans;47,9;1,9;30;1;10;;oui;',
    ].join('\n');
    call('members.import.run', { fileName: 'v1.csv', contentBase64: b64(first), mapping: call('members.import.preview', { fileName: 'v1.csv', contentBase64: b64(first) }).mapping });
    const handMade = call('members.create', { ...validMember, name: 'Sans Code', postalCode: '37000', city: 'Tours' });
    const second = [
      HEADER,
      'A1;;Alpha;installateur;;;;;37000;Tours;47,39;0,68;45;1;10;PAC, Solaire;oui;01/02/2027',
      'a2;;Beta;installateur;;;;;;;47,58;1,33;30;1;10;;oui;',
      'A4;;Delta;agence;;;;;18000;Bourges;47,08;2,4;30;1;10;;oui;',
    ].join('\n');
    const preview = call('members.import.preview', { fileName: 'v2.csv', contentBase64: b64(second) });
    expect(preview.savedMapping).not.toBeNull();
    expect(preview.plan.lines.map((l) => [l.line, l.outcome, l.changes])).toEqual([
      [
        2,
        'changed',
        [
          { field: 'radiusKm', from: '30', to: '45' },
          // Product lines as the catalogue names them ("PAC", "Solaire" are synonyms of its lines).
          { field: 'productLines', from: 'Pompe à chaleur air-eau', to: 'Pompe à chaleur air-eau, Photovoltaïque' },
          { field: 'absences', from: '', to: '2027-02-01 → 2027-02-01' },
        ],
      ],
      [3, 'unchanged', []],
      [
        4,
        'new',
        [
          { field: 'kind', from: '', to: 'agency' },
          { field: 'postalCode', from: '', to: '18000' },
          { field: 'radiusKm', from: '', to: '30' },
          { field: 'priorityCoefficient', from: '', to: '1' },
          { field: 'capacityPerWeek', from: '', to: '10' },
        ],
      ],
    ]);
    expect(preview.plan.absent.map((a) => a.name)).toEqual(['Gamma', 'Sans Code']);
    const gamma = preview.plan.absent.find((a) => a.name === 'Gamma')!;
    expect(tryCall('members.import.run', { fileName: 'v2.csv', contentBase64: b64(second), mapping: preview.mapping, archiveIds: [preview.plan.lines[0]!.memberId!] })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const result = call('members.import.run', { fileName: 'v2.csv', contentBase64: b64(second), mapping: preview.mapping, archiveIds: [gamma.id] });
    expect(result.archived).toEqual([gamma.id]);
    expect(call('members.list', {}).map((m) => m.name)).toEqual(['Alpha', 'Beta', 'Delta', 'Sans Code']);
    expect(call('members.get', { id: handMade.id }).archivedAt).toBeNull();
    // The same file again changes nothing.
    expect(call('members.import.preview', { fileName: 'v2.csv', contentBase64: b64(second) }).plan.counts).toMatchObject({ new: 0, changed: 0, unchanged: 3, rejected: 0 });
  });

  it('reads absences from a second file, each line with its outcome', () => {
    const { call } = setup();
    const members = [HEADER, 'A1;;Alpha;installateur;;;;;37000;Tours;47,39;0,68;30;1;10;;oui;', 'A2;;Beta;installateur;;;;;41000;Blois;47,58;1,33;30;1;10;;oui;'].join('\n');
    const absences = [
      'Code réseau;Du;Au;Motif',
      'A1;01/02/2027;05/02/2027;Salon',
      'A1;03/02/2027;08/02/2027;Formation',
      'A2;2027-03-01;;',
      'A9;01/02/2027;02/02/2027;',
      'A2;32/01/2027;02/02/2027;',
    ].join('\n');
    const input = { fileName: 'm.csv', contentBase64: b64(members), absencesFile: { fileName: 'a.csv', contentBase64: b64(absences) } };
    const preview = call('members.import.preview', input);
    expect(preview.absences).toMatchObject({ source: 'file', mapping: { code: 'Code réseau', startsOn: 'Du', endsOn: 'Au', reason: 'Motif' } });
    expect(preview.plan.absenceLines.map((l) => [l.line, l.outcome, l.errors])).toEqual([
      [2, 'new', []],
      [3, 'new', []],
      [4, 'new', []],
      [5, 'rejected', ['No member with the code A9']],
      [6, 'rejected', ['32/01/2027 is not a day of the calendar']],
    ]);
    call('members.import.run', { ...input, mapping: preview.mapping });
    const alpha = call('members.list', { search: 'alpha' })[0]!;
    expect(call('members.absences.list', { memberId: alpha.id }).map((a) => [a.startsOn, a.endsOn, a.reason])).toEqual([['2027-02-01', '2027-02-08', 'Salon · Formation']]);
    expect(call('members.import.preview', input).plan.absenceLines.map((l) => l.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'rejected', 'rejected']);
  });

  it('follows a member renumbered by the network (found by its SIRET), and refuses a second line for it', () => {
    const { call } = setup();
    const known = call('members.create', { ...validMember, code: 'X1', siret: '73282932000074' });
    const file = [HEADER, 'X2;73282932000074;Solaire Touraine;installateur;;;;;37000;Tours;;;40;1,5;12;;oui;', 'X1;;Solaire Touraine;installateur;;;;;37000;Tours;;;40;1,5;12;;oui;'].join('\n');
    const lines = call('members.import.preview', { fileName: 'x.csv', contentBase64: b64(file) }).plan.lines;
    expect(lines.map((l) => [l.line, l.outcome, l.memberId, l.changes, l.errors])).toEqual([
      [2, 'changed', known.id, [{ field: 'code', from: 'X1', to: 'X2' }], []],
      [3, 'rejected', known.id, [], ['Same member as line 2 (Solaire Touraine, Tours)']],
    ]);
  });
});

describe('member export', () => {
  async function exported(ctx: ReturnType<typeof testContext>, format: 'csv' | 'xlsx'): Promise<{ fileName: string; base64: string }> {
    const { call } = caller(ctx);
    return downloaded(call, call('members.export', { format }).jobId);
  }

  function network() {
    const ctx = testContext();
    const { call } = caller(ctx);
    const a = call('members.create', {
      ...validMember,
      code: 'N-01',
      siret: '732 829 320 00074',
      name: '=Formule',
      contactName: 'Léa Dupont',
      email: 'lea@example.fr',
      phone: '+33 6 12 34 56 78',
      address: '3 rue; des "Lilas"',
      lat: 47.394123,
      lon: 0.684811,
      productLines: ['PAC air-eau', 'Solaire'],
      priorityCoefficient: 1.25,
    });
    call('members.create', { ...validMember, code: 'N-02', name: 'Solaire Touraine', postalCode: '06000', city: 'Nice', active: false, radiusKm: 12.5 });
    call('members.absences.add', { memberId: a.id, startsOn: '2026-12-21', endsOn: '2027-01-02', reason: 'Congés d’hiver' });
    call('members.absences.add', { memberId: a.id, startsOn: '2027-02-10', endsOn: '2027-02-10' });
    return { ctx, call };
  }

  it.each(['csv', 'xlsx'] as const)('writes a %s file that imports back without changing anything', async (format) => {
    const { ctx, call } = network();
    const before = { members: call('members.list', {}), absences: call('members.absences.list', {}) };
    const file = await exported(ctx, format);
    expect(file.fileName).toMatch(new RegExp(`^network-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
    const preview = call('members.import.preview', { fileName: file.fileName, contentBase64: file.base64 });
    expect(preview.plan.lines.map((l) => [l.outcome, l.errors, l.changes])).toEqual([
      ['unchanged', [], []],
      ['unchanged', [], []],
    ]);
    expect(preview.plan.absent).toEqual([]);
    if (format === 'xlsx') expect(preview.plan.absenceLines.map((l) => l.outcome)).toEqual(['unchanged', 'unchanged']);
    call('members.import.run', { fileName: file.fileName, contentBase64: file.base64, mapping: preview.mapping, absenceMapping: preview.absences?.mapping });
    expect({ members: call('members.list', {}), absences: call('members.absences.list', {}) }).toEqual(before);
  });

  it('neutralises formula cells in both formats', async () => {
    const { ctx } = network();
    const csv = Buffer.from((await exported(ctx, 'csv')).base64, 'base64').toString('utf8');
    expect(csv).toContain(";'=Formule;");
    expect(csv).toContain(';+33 6 12 34 56 78;');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((await exported(ctx, 'xlsx')).base64, 'base64') as unknown as ArrayBuffer);
    const names = wb.worksheets[0]!.getColumn(3).values.slice(2);
    expect(names).toEqual(["'=Formule", 'Solaire Touraine']);
  });
});
