/**
 * The communes the coverage analysis samples: by default the geo module's offline list
 * (resources/geo, ~35,000 communes with points and population). Tests and tools may swap in
 * their own list; core/coverage itself does not decide where open data lives.
 */
import { AppError } from '../commands/errors';
import { places } from '../geo/places';
import type { Commune } from '../geo/types';
import { tr } from '../language';

type CommuneSource = () => readonly Commune[];

const shipped: CommuneSource = () => places().all;
let source: CommuneSource = shipped;

/** Replaces the list (null: back to the shipped one). */
export function setCommuneSource(next: CommuneSource | null): void {
  source = next ?? shipped;
}

export function communes(): readonly Commune[] {
  try {
    return source();
  } catch (error) {
    throw new AppError(
      'internal',
      tr(
        `The communes list could not be read (${String(error).slice(0, 120)}); run npm run build:geo.`,
        `La liste des communes est illisible (${String(error).slice(0, 120)}) ; lancez npm run build:geo.`,
      ),
    );
  }
}
