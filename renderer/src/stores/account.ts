/**
 * Who is signed in (server mode) and what their role lets them open. The desktop app and browser
 * mode have no accounts: everything is allowed there and no sign-in screen shows.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { serverMode, type Method } from '../api';
import { changePassword as postPassword, onSignedOut, signIn as postSignIn, signOut as postSignOut, whoAmI, type Me } from '../api/account';
import { i18n } from '../i18n';

export const useAccountStore = defineStore('account', () => {
  const me = ref<Me | null>(null);
  /** False until /me answered: nothing shows before, neither the app nor the sign-in screen. */
  const checked = ref(!serverMode);
  /** Browser mode opened without its token: the page says to open the printed URL again. */
  const tokenMissing = ref(false);

  const server = serverMode;
  const ready = computed(() => checked.value && (!server || me.value !== null));
  const methods = computed(() => new Set(me.value?.methods ?? []));
  const may = (method: Method) => !server || methods.value.has(method);
  /** A member's person (the extranet): the app shows their leads only, in the extranet's own frame. */
  const member = computed(() => (me.value?.user.memberId ?? null) !== null);

  onSignedOut(() => (me.value = null));

  async function probe() {
    if (!server) return;
    const answer = await whoAmI();
    tokenMissing.value = answer === 'no-server';
    me.value = answer === 'no-server' ? null : answer;
    checked.value = true;
  }

  async function signIn(email: string, password: string) {
    const answer = await postSignIn(email, password, i18n.global.locale.value);
    // The page starts again as this user: the menu, the views and their data are theirs from the first call.
    if (answer.ok) window.location.reload();
    return answer;
  }

  /** Every other session of the user ends; this one stays. */
  const changePassword = (current: string, next: string) => postPassword(current, next, i18n.global.locale.value);

  async function signOut() {
    await postSignOut();
    window.location.reload();
  }

  return { me, checked, tokenMissing, server, ready, member, may, probe, signIn, signOut, changePassword };
});
