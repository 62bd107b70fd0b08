import { type FormEvent, useState } from 'react';
import type { CuratedAnswer } from '@/lib/answer/curated';
import { request } from '../_client/api';
import { useAction } from '../_client/use-action';
import { FormActions } from '../_client/form-actions';

/** Edits a curated answer's question and answer; only what changed is sent. */
export function CuratedEditor({ item, onSaved, onCancel }: { item: CuratedAnswer; onSaved: (item: CuratedAnswer) => void; onCancel: () => void }) {
  const [question, setQuestion] = useState(item.question);
  const [answer, setAnswer] = useState(item.answer);
  const { busy, error, setError, run } = useAction();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!question.trim() || !answer.trim()) {
      setError(new Error('The question and the answer cannot be empty.'));
      return;
    }
    const changes: { question?: string; answer?: string } = {};
    if (question.trim() !== item.question) changes.question = question.trim();
    if (answer.trim() !== item.answer) changes.answer = answer.trim();
    if (!changes.question && !changes.answer) {
      // Saving a stale answer unchanged confirms it is still right (the server marks it active again).
      if (item.status !== 'stale') {
        onCancel();
        return;
      }
      changes.answer = item.answer;
    }
    await run(async () => {
      const body = await request<{ curated: CuratedAnswer }>(`/api/curated/${encodeURIComponent(item.id)}`, { method: 'PATCH', body: changes });
      onSaved(body.curated);
    });
  };
  return (
    <form className="editor" onSubmit={(event) => void save(event)} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <label htmlFor={`cq-${item.id}`}>Question</label>
      <input
        id={`cq-${item.id}`}
        type="text"
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        maxLength={2000}
        required
        data-testid="curated-question-input"
      />
      <label htmlFor={`ca-${item.id}`}>Answer</label>
      <textarea
        id={`ca-${item.id}`}
        value={answer}
        onChange={(event) => setAnswer(event.target.value)}
        rows={8}
        maxLength={20_000}
        required
        data-testid="curated-answer-input"
      />
      <FormActions busy={busy} label="Save" testId="curated-save" error={error} next="/review" onCancel={onCancel} />
    </form>
  );
}
