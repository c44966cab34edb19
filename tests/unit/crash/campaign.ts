/** What both crash tests share: their seeded kill points and the file they import. */

/** Deterministic kill points: a small linear congruential generator with a fixed seed. */
export function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** A CSV of `rows` distinct people (every 97th with a bad phone, kept for its e-mail with a warning), in the columns of MAPPING. */
export function crashCsv(rows: number): string {
  const lines = ['Nom;Prénom;Téléphone;E-mail;CP;Ville'];
  for (let i = 0; i < rows; i++) {
    const phone = i % 97 === 5 ? '01 23' : `07 ${String(10_000_000 + i).slice(0, 2)} ${String(10_000_000 + i).slice(2, 4)} ${String(10_000_000 + i).slice(4, 6)} ${String(10_000_000 + i).slice(6)}`;
    lines.push(`Nom${i};Prénom${i};${phone};p${i}@exemple.fr;${['37000', '69003', '75011'][i % 3]};${['Tours', 'Lyon', 'Paris'][i % 3]}`);
  }
  return lines.join('\n');
}
