import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sqliteDb } from '../db/connection';
import { migrations } from '../db/migrations';
import { caller, testContext, validMember } from '../test-support';
const TOURS = { lat: 47.3941, lon: 0.6848 };

function setup() {
  const ctx = testContext();
  return { ctx, ...caller(ctx) };
}

const lineNamed = (lines: { id: number; name: string; synonyms: { id: number; label: string }[] }[], name: string) => lines.find((l) => l.name === name)!;

describe('editing the catalogue', () => {
  it('adds a line with synonyms, renames it keeping the old name as a synonym, and removes it', () => {
    const { call } = setup();
    let lines = call('products.createLine', { name: 'Chaudière gaz', synonyms: ['Chaudière condensation'] });
    const line = lineNamed(lines, 'Chaudière gaz');
    expect(line.synonyms.map((s) => s.label)).toEqual(['Chaudière condensation']);
    const member = call('members.create', { ...validMember, productLines: ['chaudiere gaz'] });
    expect(member.productLines).toEqual(['Chaudière gaz']);

    lines = call('products.renameLine', { id: line.id, name: 'Chaudière à condensation' });
    // "Chaudière condensation" was a synonym with the same key: it becomes the name.
    expect(lineNamed(lines, 'Chaudière à condensation').synonyms.map((s) => s.label)).toEqual(['Chaudière gaz']);
    expect(call('members.get', { id: member.id }).productLines).toEqual(['Chaudière à condensation']);
    expect(call('products.resolve', { labels: ['CHAUDIERE GAZ'] })[0]!.line).toEqual({ id: line.id, name: 'Chaudière à condensation' });

    lines = call('products.removeLine', { id: line.id });
    expect(lines.some((l) => l.id === line.id)).toBe(false);
    expect(call('members.get', { id: member.id })).toMatchObject({ productLines: ['Chaudière à condensation'], unknownProductLines: ['Chaudière à condensation'] });
  });

  it('refuses a label that already means a line, saying which', () => {
    const { call, tryCall } = setup();
    const pac = lineNamed(call('products.list', {}), 'Pompe à chaleur air-eau');
    const air = lineNamed(call('products.list', {}), 'Pompe à chaleur air-air');
    expect(tryCall('products.addSynonym', { lineId: air.id, label: 'pac AIR / eau' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: '"pac AIR / eau" already means "Pompe à chaleur air-eau" (as "PAC air-eau").', issues: [{ path: ['label'] }] },
    });
    expect(tryCall('products.createLine', { name: 'Pompe a chaleur air eau' })).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: ['name'] }] } });
    expect(tryCall('products.addSynonym', { lineId: pac.id, label: ' -- ' })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['label'] }] } });
    expect(tryCall('products.renameLine', { id: air.id, name: 'Aérothermie' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(lineNamed(call('products.list', {}), 'Pompe à chaleur air-air')).toEqual(air);
  });

  it('removes a synonym: the label is unknown again', () => {
    const { call } = setup();
    const pv = lineNamed(call('products.list', {}), 'Photovoltaïque');
    const solaire = pv.synonyms.find((s) => s.label === 'Solaire')!;
    call('products.removeSynonym', { id: solaire.id });
    // "Solaire" alone now looks as much like solar water heaters as photovoltaics: a proposal, not an answer.
    expect(call('products.resolve', { labels: ['solaire'] })[0]).toMatchObject({ line: null, proposal: { score: 0.67 } });
  });
});

describe('labels the catalogue does not know', () => {
  function leadsWith(call: ReturnType<typeof setup>['call'], products: string[]) {
    return products.map(
      (product, i) => call('leads.create', { firstName: 'Anne', lastName: `Test${i}`, phone: `06 12 34 56 ${String(i).padStart(2, '0')}`, postalCode: '37000', city: 'Tours', product }).lead.id,
    );
  }

  it('lists them with their spellings, lead counts, members and a proposal; mapping one resolves them everywhere', () => {
    const { call } = setup();
    leadsWith(call, ['Pompe a chaleur air/eau Daikin', 'POMPE A CHALEUR AIR EAU DAIKIN', 'Pompe à chaleur air-eau Daikin', 'Solaire', 'Assurance', '']);
    call('members.create', { ...validMember, productLines: ['Assurance', 'PAC'] });
    const unknown = call('products.unknown', {});
    expect(unknown).toEqual([
      {
        key: 'pompe chaleur air eau daikin',
        labels: ['POMPE A CHALEUR AIR EAU DAIKIN', 'Pompe a chaleur air/eau Daikin', 'Pompe à chaleur air-eau Daikin'],
        leads: 3,
        held: 0,
        members: [],
        proposal: expect.objectContaining({ lineName: 'Pompe à chaleur air-eau' }),
      },
      { key: 'assurance', labels: ['Assurance'], leads: 1, held: 0, members: [{ id: 1, name: 'Solaire Touraine', city: 'Tours' }], proposal: null },
    ]);
    const pac = unknown[0]!.proposal!;
    expect(call('products.map', { label: 'Pompe a chaleur air/eau Daikin', lineId: pac.lineId })).toEqual({ line: { id: pac.lineId, name: 'Pompe à chaleur air-eau' }, rerouted: null });
    expect(call('products.map', { label: 'Assurance', newLine: true }).line.name).toBe('Assurance');
    expect(call('products.unknown', {})).toEqual([]);
    expect(call('members.get', { id: 1 }).unknownProductLines).toEqual([]);
  });

  it('lists the labels of one import only when asked', () => {
    const { call } = setup();
    leadsWith(call, ['Chaudière gaz']);
    const csv = 'Nom;Prénom;Téléphone;Code postal;Ville;Produit\nDurand;Marie;0612345601;37000;Tours;Piscine\nMartin;Paul;0612345602;37000;Tours;piscine\n';
    const report = call('intake.run', {
      fileName: 'leads.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
      sourceName: 'Partenaire',
      mapping: { lastName: 'Nom', firstName: 'Prénom', phone: 'Téléphone', postalCode: 'Code postal', city: 'Ville', product: 'Produit' },
    });
    expect(call('products.unknown', { importId: report.importId }).map((u) => [u.labels, u.leads])).toEqual([[['Piscine', 'piscine'], 2]]);
    expect(call('products.unknown', {}).map((u) => u.key)).toEqual(['piscine', 'chaudiere gaz']);
  });

  it('routes again, once mapped, the leads held at the head office for a label', () => {
    const { ctx, call } = setup();
    const member = call('members.create', { ...validMember, lat: TOURS.lat, lon: TOURS.lon, productLines: ['Pompe à chaleur air-eau'] });
    const ids = leadsWith(call, ['PAC Daikin Altherma', 'pac daikin altherma', 'Solaire']);
    for (const id of ids) call('leads.qualify', { id, temperature: 'warm' });
    const first = call('routing.dispatchMany', { leadIds: ids });
    expect(first).toMatchObject({ dispatched: 0, headOffice: 3 });
    const history = call('routing.history', { leadId: ids[0]! });
    expect(history[0]!.decision).toMatchObject({ outcome: { kind: 'head_office', reason: 'unknown_product' }, unknownProduct: 'PAC Daikin Altherma' });
    // "Solaire" is known (photovoltaics) but the member does not sell it: held for another reason, and not routed again.
    expect(call('routing.history', { leadId: ids[2]! })[0]!.decision.outcome).toEqual({ kind: 'head_office', reason: 'no_eligible_member' });
    expect(call('products.unknown', {})[0]).toMatchObject({ key: 'pac daikin altherma', leads: 2, held: 2 });

    const pac = lineNamed(call('products.list', {}), 'Pompe à chaleur air-eau');
    const mapped = call('products.map', { label: 'PAC Daikin Altherma', lineId: pac.id });
    expect(mapped.rerouted).toMatchObject({ dispatched: 2, headOffice: 0, byMember: [{ memberId: member.id, count: 2 }] });
    for (const id of ids.slice(0, 2)) expect(call('leads.get', { id }).lead).toMatchObject({ status: 'dispatched', ownerMemberId: member.id });
    expect(call('leads.get', { id: ids[2]! }).lead.status).toBe('qualified');
    expect(ctx.db.prepare('SELECT count(*) FROM product_synonyms WHERE label = ?').pluck().get('PAC Daikin Altherma')).toBe(1);
  });
});

describe('migration 14', () => {
  it('seeds the default catalogue and makes a line of each member label it does not know', () => {
    const db = sqliteDb(new Database(':memory:'));
    for (const m of migrations.filter((m) => m.version < 14)) m.up(db);
    const insert = db.prepare(
      "INSERT INTO members (name, kind, postal_code, city, departement, capacity_per_week, priority_coefficient, radius_km, product_lines, created_at, updated_at) VALUES (?, 'installer', '37000', 'Tours', '37', 5, 1, 30, ?, 0, 0)",
    );
    insert.run('A', JSON.stringify(['Pompe à chaleur', 'Chaudière gaz']));
    insert.run('B', JSON.stringify(['chaudiere GAZ', 'Piscine']));
    migrations.find((m) => m.version === 14)!.up(db);
    const names = db.prepare('SELECT name FROM product_lines ORDER BY id').pluck().all() as string[];
    expect(names.slice(0, 3)).toEqual(['Photovoltaïque', 'Pompe à chaleur air-eau', 'Pompe à chaleur air-air']);
    expect(names.slice(-2)).toEqual(['Chaudière gaz', 'Piscine']);
  });
});
