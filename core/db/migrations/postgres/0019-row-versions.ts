/** PostgreSQL twin of ../0019-row-versions.ts: the same ALTER TABLEs, in SQL both engines run. */
export { up } from '../0019-row-versions';
