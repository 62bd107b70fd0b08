import { useEffect, useState } from 'react';
import { useAction } from '../_client/use-action';
import { postDecision } from './decide';

/**
 * What a card of the review page needs to decide on its item: the form it has open (null: its
 * buttons), `choose` to open or close one, and `decide`, which posts the decision to `url` and
 * passes on null once it was recorded, or the server's word on the decision that came first.
 */
export function useQueueItem<Form extends string>(id: string, onEditing: (id: string, editing: boolean) => void) {
  const [form, setForm] = useState<Form | null>(null);
  const { busy, error, setError, run } = useAction();
  // An open form pauses the page's refresh; a card that goes away releases it.
  useEffect(() => () => onEditing(id, false), [id, onEditing]);

  const choose = (next: Form | null) => {
    setForm(next);
    setError(null);
    onEditing(id, next !== null);
  };

  const decide = (url: string, body: unknown, done: (taken: string | null) => void) =>
    run(async () => {
      const taken = await postDecision(url, body);
      onEditing(id, false);
      done(taken);
    });

  return { form, choose, busy, error, decide };
}
