/** A form's one command: busy while it runs, its refusal kept as the form's error (what was typed stays). */
import { ref } from 'vue';
import { api, type Input, type Method, type Output, type Result } from '../api';

/** `failed` words the refusal for the form (the command's own message by default). */
export function useCommand<M extends Method>(method: M, failed: (message: string) => string = (message) => message) {
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function run(input: Input<M>): Promise<Result<Output<M>>> {
    busy.value = true;
    error.value = null;
    const answer = await api.tryCall(method, input);
    busy.value = false;
    if (!answer.ok) error.value = failed(answer.error.message);
    return answer;
  }

  return { busy, error, run };
}
