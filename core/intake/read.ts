/** A file read for an import, or refused with the reason as the caller's validation error. */
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { readFile, type ParsedFile } from './pipeline';

export function readOrRefuse(fileName: string, bytes: Uint8Array): ParsedFile {
  try {
    return readFile(fileName, bytes);
  } catch (error) {
    const message = (error as Error).message;
    throw new AppError('invalid_input', tr(`The file could not be read: ${message}`, `Le fichier n’a pas pu être lu : ${message}`), [{ path: ['contentBase64'], message }]);
  }
}
