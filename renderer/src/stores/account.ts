/**
 * Who is signed in (server mode) and what their role lets them open. The desktop app and browser
 * mode have no accounts: everything is allowed there and no sign-in screen shows. The desktop app
 * connected to a server (Settings) is in server mode too: `remote` is that server's address, and
 * its sign-in goes through the main process instead of the page's own origin.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { serverMode, type Method } from '../api';
import { httpAccountDoor, onSignedOut, type Me } from '../api/account';
import { desktopAccount } from '../api/desktop';
import { i18n } from '../i18n';

export const useAccountStore = defineStore('account', () => {
  /** The desktop app's connection actions; null in a browser. */
  const desktop = window.aiguillage ? desktopAccount(window.aiguillage) : null;
  const door = desktop?.door ?? httpAccountDoor;
  const me = ref<Me | null>(null);
  /** False until /me answered: nothing shows before, neither the app nor the sign-in screen. */
  const checked = ref(!serverMode && !desktop);
  /** Browser mode opened without its token: the page says to open the printed URL again. */
  const tokenMissing = ref(false);
  /** The desktop app: the server it works on (null: its local file), and the last address chosen. */
  const remote = ref<string | null>(null);
  const lastAddress = ref<string | null>(null);

  const server = ref(serverMode);
  const ready = computed(() => checked.value && (!server.value || me.value !== null));
  const methods = computed(() => new Set(me.value?.methods ?? []));
  const may = (method: Method) => !server.value || methods.value.has(method);
  /** A member's person (the extranet): the app shows their leads only, in the extranet's own frame. */
  const member = computed(() => (me.value?.user.memberId ?? null) !== null);
  const language = () => i18n.global.locale.value;
  /** Signed in, but their role requires a second factor they have not set up: the app shows only its set-up. */
  const mustEnrol = computed(() => me.value?.secondFactor?.required === true && !me.value.secondFactor.enabled);

  onSignedOut(() => (me.value = null));

  async function probe() {
    if (desktop) {
      const status = await desktop.status();
      remote.value = status.server?.address ?? null;
      lastAddress.value = status.lastAddress;
      server.value = remote.value !== null;
      me.value = status.server?.me ?? null;
      checked.value = true;
      return;
    }
    if (!server.value) return;
    const answer = await door.whoAmI();
    tokenMissing.value = answer === 'no-server';
    me.value = answer === 'no-server' ? null : answer;
    checked.value = true;
  }

  async function signIn(email: string, password: string, code?: string) {
    const answer = await door.signIn(email, password, language(), code);
    // The page starts again as this user: the menu, the views and their data are theirs from the first call.
    if (answer.ok) window.location.reload();
    return answer;
  }

  /** Every other session of the user ends; this one stays. */
  const changePassword = (current: string, next: string) => door.changePassword(current, next, language());

  async function signOut() {
    await door.signOut();
    window.location.reload();
  }

  /** The desktop app: reach a server, then sign in to it and work on it (the page starts again on its data). */
  const check = (address: string) => desktop!.check(address, language());
  async function connect(address: string, email: string, password: string) {
    const answer = await desktop!.connect(address, email, password, language());
    if (answer.ok) window.location.reload();
    return answer;
  }
  /** Back to the database on this computer. */
  async function disconnect() {
    await desktop!.disconnect();
    window.location.reload();
  }

  return { me, checked, tokenMissing, server, remote, lastAddress, desktop: desktop !== null, ready, member, mustEnrol, may, probe, signIn, signOut, changePassword, check, connect, disconnect };
});
