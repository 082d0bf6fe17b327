/**
 * Deep links into the chat workspace (issue 11): `/console/chat?conversation=ID&message=SEQ`
 * opens that conversation (also a closed one the reader may see) scrolled to that message,
 * highlighted. History search results and scoring evidence link here.
 */
import { sectionPath } from '../console/sections.ts';

/** A deep link's target: the conversation, and the message to scroll to and highlight. */
export interface Focus {
  conversationId: number;
  seq: number | null;
}

const POSITIVE_INT = /^[1-9][0-9]{0,9}$/;

export function focusOf(params: URLSearchParams): Focus | null {
  const conversation = params.get('conversation') ?? '';
  const message = params.get('message') ?? '';
  if (!POSITIVE_INT.test(conversation)) return null;
  return { conversationId: Number(conversation), seq: POSITIVE_INT.test(message) ? Number(message) : null };
}

export function chatMessagePath(conversationId: number, seq?: number | null): string {
  const params = new URLSearchParams({ conversation: String(conversationId) });
  if (seq) params.set('message', String(seq));
  return `${sectionPath('chat')}?${params}`;
}
