/**
 * The demo network: about 60 plausible members across metropolitan France, so a first start
 * has something to show. Deterministic: the same list every time, no randomness.
 */
import type { Context } from '../commands/define';
import type { MemberFields } from '../members/schema';
import { dispatch } from '../commands/dispatch';
import { fold } from '../search/fold';

/** Lines of the default catalogue (products/defaults.ts) the demo members sell; every member sells the first. */
export const PRODUCT_LINES = ['Pompe à chaleur air-eau', 'Photovoltaïque', 'Poêle à granulés', 'Pompe à chaleur air-air', 'Isolation des combles'] as const;

// city, postal code, lat, lon
const PLACES: [string, string, number, number][] = [
  ['Lille', '59000', 50.6292, 3.0573],
  ['Amiens', '80000', 49.8941, 2.2958],
  ['Rouen', '76000', 49.4431, 1.0993],
  ['Caen', '14000', 49.1829, -0.3707],
  ['Cherbourg-en-Cotentin', '50100', 49.6337, -1.6222],
  ['Le Havre', '76600', 49.4944, 0.1079],
  ['Reims', '51100', 49.2583, 4.0317],
  ['Metz', '57000', 49.1193, 6.1757],
  ['Nancy', '54000', 48.6921, 6.1844],
  ['Strasbourg', '67000', 48.5734, 7.7521],
  ['Mulhouse', '68100', 47.7508, 7.3359],
  ['Besançon', '25000', 47.2378, 6.0241],
  ['Dijon', '21000', 47.322, 5.0415],
  ['Troyes', '10000', 48.2973, 4.0744],
  ['Paris', '75011', 48.8566, 2.3522],
  ['Versailles', '78000', 48.8049, 2.1204],
  ['Créteil', '94000', 48.7904, 2.4556],
  ['Cergy', '95000', 49.0364, 2.0761],
  ['Meaux', '77100', 48.9601, 2.8788],
  ['Évry-Courcouronnes', '91000', 48.6294, 2.4408],
  ['Orléans', '45000', 47.9029, 1.9093],
  ['Tours', '37000', 47.3941, 0.6848],
  ['Chartres', '28000', 48.4439, 1.4892],
  ['Le Mans', '72000', 48.0061, 0.1996],
  ['Angers', '49000', 47.4784, -0.5632],
  ['Nantes', '44000', 47.2184, -1.5536],
  ['Rennes', '35000', 48.1173, -1.6778],
  ['Brest', '29200', 48.3904, -4.4861],
  ['Quimper', '29000', 47.996, -4.1024],
  ['Vannes', '56000', 47.6582, -2.7608],
  ['Saint-Brieuc', '22000', 48.5142, -2.7603],
  ['La Roche-sur-Yon', '85000', 46.6705, -1.426],
  ['Poitiers', '86000', 46.5802, 0.3404],
  ['La Rochelle', '17000', 46.1603, -1.1511],
  ['Limoges', '87000', 45.8336, 1.2611],
  ['Bordeaux', '33000', 44.8378, -0.5792],
  ['Arcachon', '33120', 44.6586, -1.1689],
  ['Pau', '64000', 43.2951, -0.3708],
  ['Bayonne', '64100', 43.4929, -1.4748],
  ['Agen', '47000', 44.2033, 0.6163],
  ['Toulouse', '31000', 43.6047, 1.4442],
  ['Tarbes', '65000', 43.2328, 0.0781],
  ['Albi', '81000', 43.9289, 2.1464],
  ['Rodez', '12000', 44.3506, 2.575],
  ['Perpignan', '66000', 42.6887, 2.8948],
  ['Montpellier', '34000', 43.6108, 3.8767],
  ['Nîmes', '30000', 43.8367, 4.3601],
  ['Avignon', '84000', 43.9493, 4.8055],
  ['Marseille', '13001', 43.2965, 5.3698],
  ['Aix-en-Provence', '13100', 43.5297, 5.4474],
  ['Toulon', '83000', 43.1242, 5.928],
  ['Nice', '06000', 43.7102, 7.262],
  ['Gap', '05000', 44.5594, 6.0786],
  ['Grenoble', '38000', 45.1885, 5.7245],
  ['Chambéry', '73000', 45.5646, 5.9178],
  ['Annecy', '74000', 45.8992, 6.1294],
  ['Lyon', '69003', 45.764, 4.8357],
  ['Saint-Étienne', '42000', 45.4397, 4.3872],
  ['Clermont-Ferrand', '63000', 45.7772, 3.087],
  ['Bourges', '18000', 47.081, 2.3988],
];

const PREFIXES = ['Thermi Confort', 'Éco Habitat', 'Solaire', 'Clim & Chauffage', 'Énergies', 'Rénov', 'Chaleur Service', 'Habitat Durable'];
const SUFFIXES = ['', ' SARL', ' & Fils', ' Services', ' Pro', ' SAS'];
const KINDS: MemberFields['kind'][] = ['installer', 'installer', 'reseller', 'installer', 'agency', 'distributor'];
const FIRST = ['Julien', 'Sophie', 'Nicolas', 'Camille', 'Thomas', 'Claire', 'Mathieu', 'Élodie', 'Antoine', 'Nathalie', 'Pierre', 'Laure'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Roux', 'Fournier', 'Morel', 'Garnier', 'Faure', 'Mercier', 'Blanc'];
const STREETS = ['rue de la République', 'avenue Jean Jaurès', 'rue Victor Hugo', 'boulevard Gambetta', 'rue des Artisans', "zone d'activités des Landes"];

export function demoMembers(): MemberFields[] {
  return PLACES.map(([city, postalCode, lat, lon], i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const lines = PRODUCT_LINES.filter((_, j) => (i + j) % 3 !== 0 || j === 0);
    return {
      code: `R${String(i + 1).padStart(3, '0')}`,
      siret: '',
      name: `${PREFIXES[i % PREFIXES.length]} ${city}${SUFFIXES[(i * 5) % SUFFIXES.length]}`,
      kind: KINDS[i % KINDS.length]!,
      contactName: `${first} ${last}`,
      email: `${fold(first)}.${fold(last)}@${fold(PREFIXES[i % PREFIXES.length]!).replace(/[^a-z]/g, '')}-${fold(city).replace(/[^a-z]/g, '')}.fr`,
      phone: `0${(i % 5) + 1} ${String(20 + i).padStart(2, '0')} ${String((i * 37) % 100).padStart(2, '0')} ${String((i * 53) % 100).padStart(2, '0')} ${String((i * 71) % 100).padStart(2, '0')}`,
      address: `${((i * 13) % 120) + 1} ${STREETS[i % STREETS.length]}`,
      postalCode,
      city,
      lat,
      lon,
      capacityPerWeek: 5 + ((i * 7) % 26),
      priorityCoefficient: [1, 1, 1.2, 0.8, 1.5, 1][i % 6]!,
      radiusKm: [30, 40, 50, 25, 60, 35][i % 6]!,
      productLines: lines,
      active: i % 17 !== 16,
    };
  });
}

/** Fills an empty database with the demo network, through members.create. Does nothing if members already exist. */
export function seedDemo(ctx: Context): number {
  const existing = (ctx.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  if (existing > 0) return 0;
  const members = demoMembers();
  ctx.db.transaction(() => {
    for (const m of members) {
      const result = dispatch(ctx, 'members.create', m);
      if (!result.ok) throw new Error(`demo member ${m.code} refused: ${result.error.message}`);
    }
  })();
  return members.length;
}
