/**
 * Bytes of a text file -> string. Files come from web forms (UTF-8, often with a BOM), from
 * Excel's "CSV (séparateur : point-virgule)" on Windows (Windows-1252) and from its "Unicode
 * text" (UTF-16, with or without a byte order mark). UTF-16 is told by its BOM or, without
 * one, by the zero bytes every other byte of Western text has; valid UTF-8 is taken as UTF-8;
 * anything else is decoded with what chardet detects among the Western single-byte encodings,
 * Windows-1252 by default (it is Latin-1 plus €, œ and curly quotes). A file that is not text at
 * all (a spreadsheet in the old .xls format, a PDF, an image) is refused rather than read as
 * garbage rows.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { tr } from '../language';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1' | 'iso-8859-15';

const SINGLE_BYTE: Record<string, Encoding> = { 'windows-1252': 'windows-1252', 'iso-8859-1': 'iso-8859-1', 'iso-8859-15': 'iso-8859-15' };
const SAMPLE = 64 * 1024;

/** UTF-16 without a BOM: in Western text one byte of nearly every pair is zero, always the same one. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  if (pairs < 2) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  if (odd >= pairs * 0.4 && even <= pairs * 0.02) return 'utf-16le';
  if (even >= pairs * 0.4 && odd <= pairs * 0.02) return 'utf-16be';
  return null;
}

function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: a legacy single-byte file.
  }
  const detected = (chardet.detect(bytes.subarray(0, SAMPLE)) ?? '').toLowerCase();
  // 1252 is a superset of Latin-1's printable range: decoding ISO-8859-1 files as 1252 loses
  // nothing and keeps € / œ that Windows writes in the 0x80-0x9F range.
  const encoding = SINGLE_BYTE[detected] === 'iso-8859-15' ? 'iso-8859-15' : 'windows-1252';
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding), encoding };
}

/**
 * Control characters text files never hold (tab, line breaks, vertical tab and form feed
 * aside) among the first characters: one in a hundred is binary data, not a stray byte.
 */
function controlCount(text: string): number {
  let n = 0;
  const end = Math.min(text.length, SAMPLE);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && (c < 0x09 || c > 0x0d)) n++;
  }
  return n;
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (OLE2.every((b, i) => bytes[i] === b)) {
    throw new Error(
      tr('This is an old Excel file (.xls): save it as .xlsx or CSV, then import that', 'C’est un ancien fichier Excel (.xls) : enregistrez-le en .xlsx ou en CSV, puis importez celui-ci'),
    );
  }
  const decoded = decode(bytes);
  const controls = controlCount(decoded.text);
  if (controls > 0 && controls >= Math.min(decoded.text.length, SAMPLE) / 100) {
    throw new Error(
      tr(
        `This file is not text (${controls} control characters in its first ${Math.min(decoded.text.length, SAMPLE)}): import a CSV or XLSX file`,
        `Ce fichier n’est pas du texte (${controls} caractères de contrôle dans ses ${Math.min(decoded.text.length, SAMPLE)} premiers) : importez un fichier CSV ou XLSX`,
      ),
    );
  }
  return decoded;
}
