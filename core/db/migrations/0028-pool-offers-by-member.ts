import type { Db } from '../connection';

/**
 * The pooled leads offered to one member: its pool list (extranet.pool) and, on PostgreSQL, the
 * row-level security policies of a member's transaction (0024), which look its offers up on every
 * query of leads and dispatches. The primary key starts with the dispatch, so without this index
 * both read every offer of the network.
 */
export function up(db: Db): void {
  db.exec('CREATE INDEX pool_offers_by_member_id ON pool_offers (member_id, dispatch_id)');
}
