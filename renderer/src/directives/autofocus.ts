/**
 * `v-autofocus`: the field takes the focus as soon as it can be seen, unless the user is already
 * in another field. Vuetify's own `autofocus` moves the focus 50 ms after an IntersectionObserver
 * saw the field, whatever happened meanwhile: a fast typist (and the e2e suite, twice in CI) had
 * the first keystrokes of the password land in the e-mail field.
 */
import type { Directive } from 'vue';

/** Frames to wait for a dialog's opening transition to make the field visible (about a second). */
const MAX_FRAMES = 60;

const isField = (el: Element | null): boolean => el instanceof HTMLElement && (el.matches('input, textarea, select') || el.isContentEditable);

function focusWhenVisible(target: HTMLElement, frame = 0): void {
  if (!target.isConnected) return;
  const active = document.activeElement;
  if (active !== target && isField(active)) return;
  // A dialog's content is mounted hidden (visibility) while it opens: focus() would do nothing yet.
  if (target.checkVisibility({ visibilityProperty: true })) target.focus();
  else if (frame < MAX_FRAMES) requestAnimationFrame(() => focusWhenVisible(target, frame + 1));
}

export const vAutofocus: Directive<HTMLElement> = {
  mounted(el) {
    const target = el.matches('input, textarea') ? el : el.querySelector<HTMLElement>('input, textarea');
    if (target) focusWhenVisible(target);
  },
};
