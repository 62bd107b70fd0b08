import type { Message } from '@/lib/answer/conversations';
import type { Stage } from '@/lib/answer/events';

/** A stored message as the API returns it, or one still streaming in. */
export type ChatMessage = Omit<Message, 'conversationId'> & {
  pending?: boolean;
  stage?: Stage | null;
  /** Shown before the server has given it an id: it cannot be edited or asked again yet. */
  local?: boolean;
};
