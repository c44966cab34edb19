// @socialgouv/jours-feries ships no types: a CommonJS function year -> { name: Date (UTC midnight) }.
declare module '@socialgouv/jours-feries' {
  export default function getJoursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
