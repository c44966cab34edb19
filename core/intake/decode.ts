/**
 * Bytes of a text file -> string. Files come from web forms (UTF-8, often with a BOM) and from
 * Excel's "CSV (séparateur : point-virgule)" on Windows (Windows-1252). Valid UTF-8 is taken
 * as UTF-8; anything else is decoded with what chardet detects among the Western single-byte
 * encodings, Windows-1252 by default (it is Latin-1 plus €, œ and curly quotes).
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252' | 'iso-8859-1' | 'iso-8859-15';

const SINGLE_BYTE: Record<string, Encoding> = { 'windows-1252': 'windows-1252', 'iso-8859-1': 'iso-8859-1', 'iso-8859-15': 'iso-8859-15' };

export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: a legacy single-byte file.
  }
  const detected = (chardet.detect(bytes.subarray(0, 64 * 1024)) ?? '').toLowerCase();
  // 1252 is a superset of Latin-1's printable range: decoding ISO-8859-1 files as 1252 loses
  // nothing and keeps € / œ that Windows writes in the 0x80-0x9F range.
  const encoding = SINGLE_BYTE[detected] === 'iso-8859-15' ? 'iso-8859-15' : 'windows-1252';
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding), encoding };
}
