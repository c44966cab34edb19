/**
 * The parts of a zip archive (an .xlsx file), read on demand within a budget. A hostile archive
 * can declare one small entry and inflate to gigabytes, point several directory entries at the
 * same compressed bytes, or hold thousands of entries: a 523 KB file once took the app to
 * 5.4 GB. So the central directory is checked whole before anything is inflated (entry count,
 * unique names, entries inside the file and not overlapping), only the parts asked for are
 * inflated, each to at most the size its directory entry declares, and the declared sizes of
 * everything read must fit a total budget. Memory is then bounded by the budget whatever the
 * archive says or hides.
 */
import { inflateRawSync } from 'node:zlib';
import { tr } from '../language';

export interface ZipLimits {
  /** Uncompressed bytes of all the parts read together. */
  totalBytes: number;
  /** Entries in the directory (a workbook has a few dozen; thousands mean a hostile file). */
  entries: number;
}

/** A large workbook's sheet and shared strings stay well under this; 100,000 rows take about 60 MB. */
export const XLSX_LIMITS: ZipLimits = { totalBytes: 256 * 1024 * 1024, entries: 10_000 };

interface Entry {
  name: string;
  method: number;
  dataAt: number;
  compressed: number;
  size: number;
}

const MB = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

export class ZipParts {
  private readonly entries = new Map<string, Entry>();
  private used = 0;

  /** Reads and checks the directory; inflates nothing. */
  constructor(
    private readonly bytes: Buffer,
    private readonly limits: ZipLimits,
  ) {
    const damaged = (what: string) => new Error(tr(`Damaged .xlsx file (${what})`, `Fichier .xlsx endommagé (${what})`));
    let eocd = bytes.length - 22;
    // The end record sits in the last 64 KB (its comment is at most 65,535 bytes).
    const stop = Math.max(0, bytes.length - 22 - 0xffff);
    while (eocd >= stop && bytes.readUInt32LE(eocd) !== 0x06054b50) eocd--;
    if (eocd < stop) throw new Error(tr('Not an .xlsx file (no zip directory)', 'Pas un fichier .xlsx (pas de répertoire zip)'));
    const count = bytes.readUInt16LE(eocd + 10);
    if (count > limits.entries) {
      throw new Error(tr(`The archive has ${count} entries; the limit is ${limits.entries}`, `L’archive a ${count} entrées ; la limite est ${limits.entries}`));
    }
    const spans: [start: number, end: number][] = [];
    let at = bytes.readUInt32LE(eocd + 16);
    for (let n = 0; n < count; n++) {
      if (at + 46 > eocd || bytes.readUInt32LE(at) !== 0x02014b50) throw damaged(tr('zip directory', 'répertoire zip'));
      const nameLength = bytes.readUInt16LE(at + 28);
      const name = bytes.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\//, '');
      const entry = this.entryAt(at, name, damaged);
      const key = name.toLowerCase();
      if (this.entries.has(key)) throw damaged(tr(`the part ${name} appears twice`, `la partie ${name} apparaît deux fois`));
      this.entries.set(key, entry);
      spans.push([bytes.readUInt32LE(at + 42), entry.dataAt + entry.compressed]);
      at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    }
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]![0] < spans[i - 1]![1]) throw damaged(tr('two entries share the same bytes', 'deux entrées partagent les mêmes octets'));
    }
  }

  private entryAt(at: number, name: string, damaged: (what: string) => Error): Entry {
    const b = this.bytes;
    const method = b.readUInt16LE(at + 10);
    const compressed = b.readUInt32LE(at + 20);
    const size = b.readUInt32LE(at + 24);
    const local = b.readUInt32LE(at + 42);
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw damaged(tr(`${name} is a ZIP64 entry, over 4 GB`, `${name} est une entrée ZIP64, de plus de 4 Go`));
    if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50) throw damaged(tr(`no local header for ${name}`, `pas d’en-tête local pour ${name}`));
    const dataAt = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    if (dataAt + compressed > b.length) throw damaged(tr(`${name} runs past the end of the file`, `${name} dépasse la fin du fichier`));
    if (method !== 0 && method !== 8) throw damaged(tr(`${name} uses an unknown compression`, `${name} utilise une compression inconnue`));
    if (method === 0 && compressed !== size) throw damaged(tr(`${name} has two sizes`, `${name} a deux tailles`));
    return { name, method, dataAt, compressed, size };
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The part's bytes, or undefined when the archive has no such part. */
  read(name: string): Buffer | undefined {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) return undefined;
    if (this.used + entry.size > this.limits.totalBytes) {
      throw new Error(
        tr(
          `The workbook's parts hold more than ${MB(this.limits.totalBytes)} once uncompressed (the limit; ${entry.name} alone declares ${MB(entry.size)}): save the sheet alone, or as CSV`,
          `Les parties du classeur dépassent ${MB(this.limits.totalBytes)} une fois décompressées (la limite ; ${entry.name} seul en déclare ${MB(entry.size)}) : enregistrez la feuille seule, ou en CSV`,
        ),
      );
    }
    this.used += entry.size;
    const raw = this.bytes.subarray(entry.dataAt, entry.dataAt + entry.compressed);
    if (entry.method === 0) return raw;
    const wrongSize = () =>
      new Error(tr(`Damaged .xlsx file (${entry.name} is not the size its directory declares)`, `Fichier .xlsx endommagé (${entry.name} n’a pas la taille que déclare le répertoire)`));
    let data: Buffer;
    try {
      // Never more than declared: a part that inflates past its declared size stops there.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw wrongSize();
      throw new Error(tr(`Damaged .xlsx file (${entry.name} does not inflate)`, `Fichier .xlsx endommagé (${entry.name} ne se décompresse pas)`));
    }
    if (data.length !== entry.size) throw wrongSize();
    return data;
  }
}
