/** A single-key shortcut that ignores keys typed into a field or pressed with a modifier. */
import { onBeforeUnmount, onMounted } from 'vue';

export function useShortcut(key: string, action: (event: KeyboardEvent) => void): void {
  const handler = (event: KeyboardEvent) => {
    if (event.key.toLowerCase() !== key.toLowerCase() || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
    event.preventDefault();
    action(event);
  };
  onMounted(() => window.addEventListener('keydown', handler));
  onBeforeUnmount(() => window.removeEventListener('keydown', handler));
}
