import type { ReactNode } from 'react';
import type { Stage } from '@/lib/answer/events';
import { CitationList } from '../_client/citation-list';
import { AnswerMarkdown } from './answer-markdown';
import type { ChatMessage } from './chat-message';
import { Feedback } from './feedback';
import { citationPrefix } from './markdown-rules';

const STAGE_TEXT: Record<Stage, string> = {
  classify: 'Reading your question…',
  retrieve: 'Searching the documents…',
  generate: 'Writing an answer…',
  check: 'Checking the answer against the sources…',
  reply: 'Answering…',
  escalate: 'Passing your question to a person…',
};

/**
 * One message of the thread: what the workflow is doing while it streams, then the text, citations
 * and feedback; `children` are its actions (copy, ask again, edit). `readOnly`: a reviewer reading
 * someone else's conversation does not rate its answers.
 */
export function MessageView({ message, readOnly = false, children }: { message: ChatMessage; readOnly?: boolean; children?: ReactNode }) {
  const escalated = message.status === 'escalated';
  const withheld = message.status === 'withheld';
  const stopped = message.status === 'stopped';
  const label =
    message.role === 'user' ? 'You' : message.role === 'reviewer' ? (withheld ? 'Reviewed by a person · answer not shared' : 'Reviewed by a person') : 'Docent';
  return (
    <article
      className={`message ${message.role}${escalated ? ' escalated' : ''}${withheld ? ' withheld' : ''}`}
      aria-busy={message.pending ? 'true' : undefined}
      data-status={message.status ?? ''}
    >
      <div className="meta">{label}</div>
      {message.pending && message.stage ? (
        <p className="stage" role="status">
          {STAGE_TEXT[message.stage]}
        </p>
      ) : null}
      {message.role === 'user' ? (
        <div className="text">{message.content}</div>
      ) : (
        <div className="text markdown">
          <AnswerMarkdown text={message.content} messageId={message.id} cited={withheld ? [] : message.citations.map((citation) => citation.n)} />
        </div>
      )}
      {stopped ? <p className="small muted">You stopped this answer{message.content ? ' here' : ' before it began'}.</p> : null}
      {escalated && !message.pending ? <p className="small muted">A person will answer; their reply appears here without reloading.</p> : null}
      {withheld ? null : (
        <CitationList citations={message.citations} label={escalated ? 'Closest passages found' : 'Sources'} idPrefix={citationPrefix(message.id)} />
      )}
      {message.role === 'assistant' && !readOnly && !message.pending && message.answerId && message.status === 'answered' ? (
        <Feedback answerId={message.answerId} />
      ) : null}
      {children}
    </article>
  );
}
