/**
 * The last failed command that nobody caught. Forms read a command's errors themselves
 * (api.tryCall); the other call sites let api.call throw, and the handlers installed in main.ts
 * bring that error here so the user sees its message and code instead of a button that did nothing.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, type ErrorData, type Result } from '../api';

export const useFailuresStore = defineStore('failures', () => {
  const shown = ref<ErrorData | null>(null);

  /** Shows a failed command; anything else is a bug, logged for the developer and not shown. */
  function report(error: unknown): boolean {
    if (!(error instanceof ApiError)) {
      console.error(error);
      return false;
    }
    shown.value = error.data;
    return true;
  }

  /**
   * An edit refused because someone else changed the row since this view showed it (row versions,
   * core/db/row-version.ts): its message is shown like any failure, and the caller, told so by
   * the answer true, reloads the row instead of overwriting it.
   */
  function stale(result: Result<unknown>): boolean {
    if (result.ok || result.error.stale === undefined) return false;
    shown.value = result.error;
    return true;
  }

  return { shown, report, stale };
});
