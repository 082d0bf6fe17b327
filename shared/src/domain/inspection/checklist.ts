/**
 * 质检: the checklist a supervisor scores a conversation on (docs/inspection.md). The five
 * pre-sale steps are the rulebook's service flow (003 (二)2②: 欢迎语—活动告知—宝贝介绍—
 * 订单确认—收藏店铺); accuracy and attitude come from the pre-sale duties (准确、简洁、高效、
 * 友好的回复; 文明用语，礼貌待客, general rule 5); closing from rule 9 / ⑩ (交流结束，订单确认
 * 后，必须及时关闭聊天窗口). The greeting is the flow's first step (欢迎语), scored once.
 *
 * Each item is worth `max` points of 100. A points item takes 0..max; a pass/fail item
 * gives max or 0. The four steps after the greeting may be "not applicable" (an after-sale
 * chat, a buyer who only asked about a parcel): they then count neither for nor against,
 * and the score is the share of the applicable points, on 100.
 */
export const CHECKLIST_ITEMS = ['greeting', 'promotion', 'item', 'order_confirm', 'favourite', 'accuracy', 'attitude', 'closing'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export interface ChecklistRule {
  max: number;
  mode: 'points' | 'pass_fail';
  /** May be marked not applicable (the pre-sale steps after the greeting). */
  optional: boolean;
  /** The rulebook's words, shown beside the item. */
  zh: string;
}

export const CHECKLIST: Record<ChecklistItem, ChecklistRule> = {
  greeting: { max: 10, mode: 'points', optional: false, zh: '欢迎语' },
  promotion: { max: 5, mode: 'pass_fail', optional: true, zh: '活动告知' },
  item: { max: 15, mode: 'points', optional: true, zh: '宝贝介绍' },
  order_confirm: { max: 15, mode: 'points', optional: true, zh: '订单确认' },
  favourite: { max: 5, mode: 'pass_fail', optional: true, zh: '收藏店铺' },
  accuracy: { max: 20, mode: 'points', optional: false, zh: '回复准确' },
  attitude: { max: 20, mode: 'points', optional: false, zh: '服务态度' },
  closing: { max: 10, mode: 'pass_fail', optional: false, zh: '结束语与及时关闭对话框' },
};

/** One item as the supervisor marked it: points (points items), pass (pass/fail items), or not applicable. */
export interface ItemMark {
  item: ChecklistItem;
  points?: number | null;
  pass?: boolean | null;
  na?: boolean;
  comment?: string | null;
}

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

/** 优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60, 不合格 below: a D is a poor inspection. */
export const GRADE_FLOORS: ReadonlyArray<[Grade, number]> = [
  ['A', 90],
  ['B', 75],
  ['C', 60],
  ['D', 0],
];

export function gradeOf(score: number): Grade {
  return GRADE_FLOORS.find(([, floor]) => score >= floor)![0];
}

/** What is wrong with one mark, or null: the reason words it for the client. */
export type MarkProblem = { item: ChecklistItem; reason: 'inspection_points_range' | 'inspection_mark_kind' | 'inspection_not_applicable' };

export function markProblem(mark: ItemMark): MarkProblem | null {
  const rule = CHECKLIST[mark.item];
  if (mark.na) return rule.optional ? null : { item: mark.item, reason: 'inspection_not_applicable' };
  if (rule.mode === 'points') {
    if (mark.pass !== undefined && mark.pass !== null) return { item: mark.item, reason: 'inspection_mark_kind' };
    if (mark.points === undefined || mark.points === null) return null; // not marked yet
    if (!Number.isInteger(mark.points) || mark.points < 0 || mark.points > rule.max) return { item: mark.item, reason: 'inspection_points_range' };
    return null;
  }
  if (mark.points !== undefined && mark.points !== null) return { item: mark.item, reason: 'inspection_mark_kind' };
  return null;
}

/** Marked: not applicable, points given (points items) or pass/fail chosen. */
export function isMarked(mark: ItemMark | undefined): boolean {
  if (!mark) return false;
  if (mark.na) return true;
  return CHECKLIST[mark.item].mode === 'points' ? typeof mark.points === 'number' : typeof mark.pass === 'boolean';
}

export function pointsOf(mark: ItemMark): number {
  const rule = CHECKLIST[mark.item];
  if (mark.na) return 0;
  return rule.mode === 'points' ? (mark.points ?? 0) : mark.pass ? rule.max : 0;
}

export interface InspectionResult {
  /** Every item marked: the inspection can be published. */
  complete: boolean;
  /** The items still to mark, in checklist order. */
  missing: ChecklistItem[];
  earned: number;
  applicable: number;
  /** 0–100, rounded; null until something applicable is marked. */
  score: number | null;
  grade: Grade | null;
  /** A D: the supervisor may turn it into a ledger entry. */
  poor: boolean;
}

/** The overall score of the marks given so far (later marks of one item replace earlier ones). */
export function scoreInspection(marks: readonly ItemMark[]): InspectionResult {
  const byItem = new Map<ChecklistItem, ItemMark>();
  for (const mark of marks) byItem.set(mark.item, mark);
  let earned = 0;
  let applicable = 0;
  const missing: ChecklistItem[] = [];
  for (const item of CHECKLIST_ITEMS) {
    const mark = byItem.get(item);
    if (!isMarked(mark)) {
      missing.push(item);
      continue;
    }
    if (mark!.na) continue;
    earned += pointsOf(mark!);
    applicable += CHECKLIST[item].max;
  }
  const score = applicable > 0 ? Math.round((earned * 100) / applicable) : null;
  const grade = score === null ? null : gradeOf(score);
  return { complete: missing.length === 0, missing, earned, applicable, score, grade, poor: grade === 'D' };
}

/**
 * The rules a poor inspection suggests for a ledger entry (the supervisor picks; scoring.md):
 * attitude below half → G05 (文明用语，礼貌待客; a verified service-quality failure), closing
 * failed → G09 (未及时关闭对话框). Other failures suggest nothing: the supervisor chooses.
 */
export function suggestedRules(marks: readonly ItemMark[]): string[] {
  const rules: string[] = [];
  const get = (item: ChecklistItem) => marks.find((m) => m.item === item && !m.na);
  const attitude = get('attitude');
  if (attitude && typeof attitude.points === 'number' && attitude.points * 2 < CHECKLIST.attitude.max) rules.push('G05');
  const closing = get('closing');
  if (closing && closing.pass === false) rules.push('G09');
  return rules;
}

/** Rules a supervisor may choose when turning an inspection into an entry: the chat-service penalties. */
export const INSPECTION_RULES = ['G05', 'G07', 'G09', 'G10', 'P01', 'P03', 'A01', 'A02', 'A05', 'A06', 'A07'] as const;
export type InspectionRule = (typeof INSPECTION_RULES)[number];

/** Draft → published, once; only a draft is edited (STYLE: a table of moves). */
export const INSPECTION_STATUSES = ['draft', 'published'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
