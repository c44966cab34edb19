/**
 * The last failed command that nobody caught. Forms read a command's errors themselves
 * (api.tryCall); the other call sites let api.call throw, and the handlers installed in main.ts
 * bring that error here so the user sees its message and code instead of a button that did nothing.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, type ErrorData } from '../api';

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

  return { shown, report };
});
