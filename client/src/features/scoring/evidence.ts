/**
 * Where a piece of evidence lives in the console (scoring.md: "linked, not retyped"). Each
 * area's page opens the record named in its query string; a kind without a page of its
 * own (a complaint, something else) is shown as its id.
 */
import type { EvidenceKind } from '@kefu/shared/schemas/ledger';
import { sectionPath } from '../console/sections.ts';
import type { EvidenceLink } from './scoring.types.ts';

const PLACES: Record<EvidenceKind, { section: Parameters<typeof sectionPath>[0]; param: string } | null> = {
  chat: { section: 'chat', param: 'conversation' },
  order: { section: 'orders', param: 'order' },
  note: { section: 'orders', param: 'note' },
  alert: { section: 'printing', param: 'alert' },
  registry: { section: 'aftersale', param: 'entry' },
  shift: { section: 'roster', param: 'item' },
  complaint: null,
  other: null,
};

export function evidenceHref(link: EvidenceLink): string | null {
  const place = PLACES[link.kind];
  if (!place) return null;
  // A chat at one message, `ID#SEQ`: the chat workspace opens it scrolled to that message.
  const atMessage = link.kind === 'chat' ? /^(\d+)#(\d+)$/.exec(link.id) : null;
  if (atMessage) return `${sectionPath(place.section)}?${new URLSearchParams({ conversation: atMessage[1]!, message: atMessage[2]! })}`;
  return `${sectionPath(place.section)}?${new URLSearchParams({ [place.param]: link.id })}`;
}
