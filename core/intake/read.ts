/** A file read for an import, or refused with the reason as the caller's validation error. */
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { readFile, type ParsedFile } from './pipeline';

/** The validation error for a file the import cannot read, `reason` saying why. */
export function unreadable(reason: string): AppError {
  return new AppError('invalid_input', tr(`The file could not be read: ${reason}`, `Le fichier n’a pas pu être lu : ${reason}`), [{ path: ['contentBase64'], message: reason }]);
}

export function readOrRefuse(fileName: string, bytes: Uint8Array): ParsedFile {
  return refusingUnreadable(() => readFile(fileName, bytes));
}

/** What `read` returns, or its failure as the caller's validation error. */
export function refusingUnreadable<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw unreadable((error as Error).message);
  }
}
