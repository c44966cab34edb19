/** A failed command's issues (`{ path, message }`) as the error text of each form field. */
import type { ErrorData } from '../api';

type Path = (string | number)[];

/** The first message for each field; a field is named by the issue's path (its first part unless `field` says otherwise). */
export function fieldErrors(error: ErrorData, field: (path: Path) => string = (path) => String(path[0])): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues ?? []) {
    const name = field(issue.path);
    if (name && !(name in errors)) errors[name] = issue.message;
  }
  return errors;
}
