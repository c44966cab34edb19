/**
 * Gives the focus back to where it was when a dialog closes. Vuetify does so only for a dialog with
 * an activator; this app opens its dialogs through v-model (buttons, table rows, single-key
 * shortcuts), so without this the focus falls to <body> and a keyboard user starts again from the top.
 */
import { onBeforeUnmount, onMounted } from 'vue';

const inOverlay = (el: EventTarget | null) => el instanceof Element && el.closest('.v-overlay') !== null;

export function useDialogFocusReturn(): void {
  let before: HTMLElement | null = null;
  const onFocusIn = (event: FocusEvent) => {
    if (!inOverlay(event.target)) before = event.target as HTMLElement;
  };
  // Focus that went nowhere (a click on the page's background) leaves nothing to come back to.
  const onFocusOut = (event: FocusEvent) => {
    if (event.relatedTarget === null && !inOverlay(event.target)) before = null;
  };
  // Vuetify drops v-overlay--active from the dialog as it starts closing, while the focus is still inside.
  const observer = new MutationObserver((records) => {
    for (const { target } of records) {
      const dialog = target as HTMLElement;
      if (!dialog.classList.contains('v-dialog') || dialog.classList.contains('v-overlay--active')) continue;
      const active = document.activeElement;
      const lost = active === document.body || dialog.contains(active);
      if (lost && before?.isConnected && !document.querySelector('.v-dialog.v-overlay--active')) before.focus({ preventScroll: true });
    }
  });
  onMounted(() => {
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  onBeforeUnmount(() => {
    document.removeEventListener('focusin', onFocusIn);
    document.removeEventListener('focusout', onFocusOut);
    observer.disconnect();
  });
}
