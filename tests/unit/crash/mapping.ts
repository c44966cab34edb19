/** The columns of the crash test's file, shared by the test and the process it kills. */
export const MAPPING = { lastName: 'Nom', firstName: 'Prénom', phone: 'Téléphone', email: 'E-mail', postalCode: 'CP', city: 'Ville' };
