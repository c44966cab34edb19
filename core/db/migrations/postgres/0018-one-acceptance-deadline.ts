/** PostgreSQL twin of ../0018-one-acceptance-deadline.ts: the same data migration, in SQL both engines run. */
export { up } from '../0018-one-acceptance-deadline';
