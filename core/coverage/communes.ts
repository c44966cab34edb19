/**
 * The communes the coverage analysis samples. The geo module ships the list; until a host
 * (or a test) says otherwise the analysis asks it here, so core/coverage does not decide
 * where open data lives or when it is loaded.
 */
import type { Commune } from '../geo/types';

type CommuneSource = () => readonly Commune[];

let source: CommuneSource = () => [];

export function setCommuneSource(next: CommuneSource): void {
  source = next;
}

export function communes(): readonly Commune[] {
  return source();
}
