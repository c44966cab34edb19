/**
 * How big a request may be. The browser host refuses a bigger body (413); the window's IPC has
 * no such limit but takes the same commands, so schemas that carry a file cap it here and an
 * oversize file gets the same clear validation error everywhere, never a cut connection.
 */
import { z } from 'zod';
import { zmsg } from '../language';

/** The most the browser host reads of one request body. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
/** Room left in a request carrying a file for the rest of it (name, mapping, options). */
const ENVELOPE_BYTES = 1024 * 1024;
/** A file travels as base64: 4 characters for every 3 bytes. */
const MAX_FILE_BASE64 = Math.floor((MAX_REQUEST_BYTES - ENVELOPE_BYTES) / 4) * 4;
export const MAX_FILE_BYTES = (MAX_FILE_BASE64 / 4) * 3;

const maxMb = Math.floor(MAX_FILE_BYTES / (1024 * 1024));

/** A file's bytes as base64, no bigger than a request can carry. */
export const fileContentBase64 = z
  .string()
  .max(
    MAX_FILE_BASE64,
    zmsg(
      `The file is larger than ${maxMb} MB, the most the app can receive: split it into smaller files`,
      `Le fichier dépasse ${maxMb} Mo, le maximum que l’application peut recevoir : découpez-le en fichiers plus petits`,
    ),
  );
