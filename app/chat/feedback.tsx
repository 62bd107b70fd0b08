import { useState } from 'react';

/** Helpful or not; "not helpful" can say what was wrong and ask a person to review the answer. */
export function Feedback({ answerId }: { answerId: string }) {
  const [state, setState] = useState<'idle' | 'up' | 'down' | 'sent'>('idle');
  const [comment, setComment] = useState('');
  const [review, setReview] = useState(true);
  const send = async (rating: 'up' | 'down', extra: { comment?: string; sendToReview?: boolean } = {}) => {
    const response = await fetch('/api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answerId, rating, ...extra }),
    });
    if (response.ok) setState(rating === 'up' ? 'up' : 'sent');
  };
  if (state === 'up') return <p className="small muted">Thanks for the feedback.</p>;
  if (state === 'sent') return <p className="small muted">Thanks. {review ? 'A reviewer will look at this answer.' : ''}</p>;
  if (state === 'down') {
    return (
      <form
        className="panel small"
        onSubmit={(event) => {
          event.preventDefault();
          void send('down', { comment: comment || undefined, sendToReview: review });
        }}
      >
        <label htmlFor={`comment-${answerId}`}>What was wrong? (optional)</label>
        <input id={`comment-${answerId}`} type="text" value={comment} onChange={(event) => setComment(event.target.value)} maxLength={2000} />
        <div className="row" style={{ marginTop: '0.4rem' }}>
          <input id={`review-${answerId}`} type="checkbox" checked={review} onChange={(event) => setReview(event.target.checked)} />
          <label htmlFor={`review-${answerId}`} className="inline-label">
            Ask a person to review it
          </label>
          <button className="button" type="submit">
            Send
          </button>
        </div>
      </form>
    );
  }
  return (
    // The buttons are named by what they say (speech input users say what they see); the group says what about.
    <div className="feedback" role="group" aria-label="Was this answer helpful?">
      <button className="button small" type="button" onClick={() => void send('up')}>
        Helpful
      </button>
      <button className="button small" type="button" onClick={() => setState('down')}>
        Not helpful
      </button>
    </div>
  );
}
