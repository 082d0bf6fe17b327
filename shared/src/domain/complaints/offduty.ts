/**
 * G10 (未处理妥当下线导致投诉, −3): an agent went off duty with a buyer's chat unfinished, and
 * that buyer complained (issue 15, docs/complaints.md "G10"). Read from the console's own
 * records: the presence log (each move to offline is a departure) and the conversation.
 *
 * A departure of agent A at time T left the buyer's conversation unfinished when, at T:
 * - the conversation was open (opened at or before T, not closed by T);
 * - A was handling it: A had sent a message in it before T;
 * - the buyer was waiting: a buyer message sent before T had no answer by T.
 * It counts for a complaint by that buyer registered after T, within `lookbackHours`
 * (default 72 h: a complaint days later is about something else). Each agent once per
 * complaint, at their first such departure.
 */
export const DEFAULT_G10_LOOKBACK_HOURS = 72;

export interface OffDutyMessage {
  sender: 'buyer' | 'staff';
  staffId: number | null;
  at: Date;
  /** For a buyer message: when a staff answer first followed it (null: never). */
  answeredAt: Date | null;
}

export interface OffDutyConversation {
  id: number;
  openedAt: Date;
  closedAt: Date | null;
  messages: readonly OffDutyMessage[];
}

export interface Departure {
  staffId: number;
  at: Date;
}

export interface LeftUnfinished {
  staffId: number;
  conversationId: number;
  departedAt: Date;
}

const ms = (d: Date) => d.getTime();

/** Whether a departure left this conversation unfinished (the three conditions above). */
export function leftUnfinishedAt(conversation: OffDutyConversation, departure: Departure): boolean {
  const t = ms(departure.at);
  if (ms(conversation.openedAt) > t) return false;
  if (conversation.closedAt && ms(conversation.closedAt) <= t) return false;
  const before = conversation.messages.filter((m) => ms(m.at) < t);
  const handling = before.some((m) => m.sender === 'staff' && m.staffId === departure.staffId);
  const waiting = before.some((m) => m.sender === 'buyer' && (m.answeredAt === null || ms(m.answeredAt) > t));
  return handling && waiting;
}

/** The agents whose departure before the complaint (within the look-back) left one of the buyer's conversations unfinished. */
export function g10Offenders(complaintAt: Date, conversations: readonly OffDutyConversation[], departures: readonly Departure[], lookbackHours = DEFAULT_G10_LOOKBACK_HOURS): LeftUnfinished[] {
  const from = ms(complaintAt) - lookbackHours * 3_600_000;
  const found = new Map<number, LeftUnfinished>();
  const ordered = [...departures].sort((a, b) => ms(a.at) - ms(b.at));
  for (const departure of ordered) {
    const t = ms(departure.at);
    if (t < from || t >= ms(complaintAt) || found.has(departure.staffId)) continue;
    const conversation = conversations.find((c) => leftUnfinishedAt(c, departure));
    if (conversation) found.set(departure.staffId, { staffId: departure.staffId, conversationId: conversation.id, departedAt: departure.at });
  }
  return [...found.values()];
}
