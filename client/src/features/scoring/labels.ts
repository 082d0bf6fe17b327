/**
 * Small wordings of the scoring pages (issue 13's walkthrough): "本月" only for the current
 * month, detector names in the reader's language, the "record again?" question and the
 * note an entry without evidence needs.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';

/** "本月" when `month` is the current shop month, else the month's name ("2026年10月"). */
export function monthWord(month: string, current: string, t: TFunction): string {
  if (month === current) return t('scoring.thisMonthWord');
  const [year, mm] = month.split('-');
  return t('scoring.namedMonth', { year, m: Number(mm), ym: month });
}

/** The areas whose detectors propose entries (`<area>.<check>`, server/src/modules/<area>/<area>.detectors.ts). */
export const DETECTOR_AREAS = ['chat', 'orders', 'aftersale', 'attendance', 'complaints', 'disputes', 'exchanges', 'roster'] as const;

/**
 * Who wrote an entry nobody typed: a detector ("自动发现（订单）") or a correction. The
 * detector's own name (`orders.r01`) is a code, never shown; an area not known here is
 * shown as "自动发现" alone.
 */
export function sourceLabel(source: string, t: TFunction): string {
  if (source === 'correction') return t('scoring.entries.correction');
  const area = source.split('.')[0] ?? '';
  if (!(DETECTOR_AREAS as readonly string[]).includes(area)) return t('scoring.entries.detector');
  return t('scoring.entries.detectorOf', { area: t(`scoring.detectorArea.${area as (typeof DETECTOR_AREAS)[number]}`) });
}

/** The earlier entry's id when the server asks "record again?" (409 duplicate_entry), else null. */
export function duplicateEntryId(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const details = error.details as { reason?: unknown; entryId?: unknown } | undefined;
  return details?.reason === 'duplicate_entry' && typeof details.entryId === 'number' ? details.entryId : null;
}

/** An entry with no evidence linked needs a note (the server refuses it too: note_required). */
export function lacksExplanation(evidence: ReadonlyArray<{ id: string }>, note: string): boolean {
  return evidence.every((row) => row.id.trim() === '') && note.trim() === '';
}
