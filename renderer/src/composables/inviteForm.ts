/**
 * Inviting a person to the extranet by mail: the head office for any member (members.invite) and
 * a member administrator for their own company (extranet.invite) fill the same name and e-mail,
 * then say who was invited, empty the form and show the list again.
 */
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Input } from '../api';
import { useCommand } from './command';

type Person = { email: string; displayName: string; origin: string };

/** `input` adds what the command needs besides the person (the member, the role); `reload` shows the people again. */
export function useInviteForm<M extends 'members.invite' | 'extranet.invite'>(method: M, input: (person: Person) => Input<M>, reload: () => Promise<void>) {
  const { t } = useI18n();
  const name = ref('');
  const email = ref('');
  const notice = ref<string | null>(null);
  const { busy, error, run } = useCommand(method);

  async function invite() {
    const answer = await run(input({ email: email.value, displayName: name.value, origin: window.location.origin }));
    if (!answer.ok) return;
    notice.value = t('team.invited', { email: answer.value.user.email });
    name.value = '';
    email.value = '';
    await reload();
  }

  return { name, email, notice, busy, error, invite };
}
