/**
 * The catalogue a new database starts with: the product lines of a French network of energy
 * renovation installers, each with the spellings, abbreviations and trade words call centers
 * and members use for it. Variants that only differ by case, accents, punctuation, link words
 * or a plural need no synonym (the key already matches them). The network edits it in Settings.
 */
export const DEFAULT_CATALOGUE: readonly { name: string; synonyms: readonly string[] }[] = [
  {
    name: 'Photovoltaïque',
    synonyms: [
      'PV',
      'Solaire',
      'Panneau solaire',
      'Panneau photovoltaïque',
      'Solaire photovoltaïque',
      'Installation photovoltaïque',
      'Centrale solaire',
      'Autoconsommation',
      'Photovoltaic',
      'Solar panels',
      'Solar PV',
    ],
  },
  { name: 'Pompe à chaleur air-eau', synonyms: ['Pompe à chaleur', 'PAC', 'PAC air-eau', 'PAC AE', 'Aérothermie', 'PAC hydraulique', 'PAC chauffage', 'Heat pump', 'Air to water heat pump'] },
  {
    name: 'Pompe à chaleur air-air',
    synonyms: ['PAC air-air', 'PAC AA', 'Climatisation', 'Clim', 'Climatisation réversible', 'Clim réversible', 'Climatiseur', 'Split', 'Multisplit', 'Air conditioning', 'Air to air heat pump'],
  },
  { name: 'Géothermie', synonyms: ['PAC géothermique', 'Pompe à chaleur géothermique', 'PAC eau-eau', 'PAC sol-eau', 'Geothermal heat pump'] },
  { name: 'Poêle à granulés', synonyms: ['Poêle à pellets', 'Granulés', 'Pellets', 'Pellet stove'] },
  { name: 'Poêle à bois', synonyms: ['Poêle à bûches', 'Insert', 'Insert bois', 'Foyer fermé', 'Wood stove'] },
  { name: 'Chaudière biomasse', synonyms: ['Chaudière à granulés', 'Chaudière bois', 'Chaudière à pellets', 'Biomass boiler'] },
  { name: 'Chauffe-eau thermodynamique', synonyms: ['CET', 'Ballon thermodynamique', 'Chauffe-eau thermo', 'Ballon thermo', 'Heat pump water heater'] },
  { name: 'Chauffe-eau solaire', synonyms: ['CESI', 'Chauffe-eau solaire individuel', 'Solaire thermique', 'Ballon solaire', 'Solar water heater'] },
  { name: 'Système solaire combiné', synonyms: ['SSC', 'Solaire combiné'] },
  { name: 'Isolation des combles', synonyms: ['Combles', 'Combles perdus', 'Isolation combles perdus', 'Isolation sous rampants', 'Isolation toiture', 'Loft insulation'] },
  {
    name: 'Isolation des murs',
    synonyms: ['ITE', 'ITI', 'Isolation thermique par l’extérieur', 'Isolation thermique par l’intérieur', 'Isolation extérieure', 'Isolation intérieure', 'Wall insulation'],
  },
  { name: 'Isolation des planchers', synonyms: ['Isolation plancher bas', 'Isolation sous-sol', 'Isolation vide sanitaire', 'Floor insulation'] },
  { name: 'Menuiseries', synonyms: ['Fenêtres', 'Double vitrage', 'Portes et fenêtres', 'Windows'] },
  { name: 'VMC', synonyms: ['VMC double flux', 'VMC simple flux', 'Ventilation', 'Ventilation mécanique contrôlée'] },
  { name: 'Borne de recharge', synonyms: ['IRVE', 'Borne véhicule électrique', 'Borne VE', 'Wallbox', 'EV charger'] },
  { name: 'Batterie de stockage', synonyms: ['Batterie', 'Stockage', 'Batterie solaire', 'Home battery'] },
  { name: 'Rénovation globale', synonyms: ['Rénovation d’ampleur', 'Rénovation énergétique', 'Rénovation globale énergétique', 'Audit énergétique', 'Home energy renovation'] },
];
