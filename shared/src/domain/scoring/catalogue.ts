/**
 * The reward and penalty catalogue: every rule of the rulebook's 100-point table
 * (seeds/003, "(三)部门总奖罚制度" to "(七)打单人员奖罚制度") under the code scoring.md gives
 * it. The API, the database and the reports speak of rules by these codes; the Chinese
 * wording stays beside each code so a supervisor recognises the rule.
 */
import type { Role } from '../staff/roles.ts';

export const RULE_CODES = [
  'G01', 'G02', 'G03a', 'G03b', 'G04', 'G05', 'G06', 'G07', 'G08', 'G09', 'G10', 'G11', 'G12', 'G14', 'G15', 'G16',
  'S01', 'S02', 'S03',
  'P01', 'P02', 'P03', 'P04',
  'A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08', 'A09', 'A10',
  'R01', 'R02', 'R03', 'R04',
  'M01', 'M02', 'M03', 'M04',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** The rulebook's figures for the month ((三) 奖罚说明 ④–⑦). Money in fen. */
export const MONTHLY = {
  /** ⑤ 每人每月给予100分 */
  startScore: 100,
  /** ④ 100元全勤奖 */
  attendanceBonusFen: 10_000,
  /** ④ 200元工作表现奖 */
  performanceBonusFen: 20_000,
  /** ⑥ 110分或110分以上者给予现金奖励100元 (M01) */
  rewardScore: 110,
  rewardFen: 10_000,
  /** ⑤ 60分以下：解雇 (M02) */
  dismissalBelow: 60,
  /** ⑦ 一半或一半以上人员得到满分或满分以上 → 主管100元 (M03) */
  fullScore: 100,
  supervisorBonusFen: 10_000,
  /** ⑦ 有一人低于60分，扣惩客服主管100元 (M04) */
  supervisorChargeFen: 10_000,
} as const;

/** Where a rule sits in the rulebook, and so whom it concerns. */
export type RuleSection = 'general' | 'supervisor' | 'presale' | 'aftersale' | 'printer' | 'monthEnd';

/** What a rule does to the score. Points are signed: −3 a penalty, +5 a reward. */
export type RulePoints =
  /** Money only (G01, G02, G03a, G04) or a month-end outcome. */
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed'; readonly points: number }
  /** G06: the supervisor chooses the points within the range (or a cash reward instead). */
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  /**
   * G07: the person's first entry of the month is a warning (0), each later one counts
   * `points`; from the `reviewFrom`-th on the person is flagged for dismissal review.
   */
  | { readonly kind: 'warningThenFixed'; readonly points: number; readonly reviewFrom: number };

/** What a rule does to money. Fen, signed: −3000 a fine, +10000 a reward. */
export type RuleMoney =
  | { readonly kind: 'none' }
  /** A fixed amount; `toFund` when it goes into the activity fund (部门活动经费). */
  | { readonly kind: 'fixed'; readonly fen: number; readonly toFund: boolean }
  /** G04: one day's average wage (base wage / 21.75) is withheld; unpaid wage, not a fine. */
  | { readonly kind: 'dayWage' }
  /** A04: the buyer's advanced postage, entered in fen, which the agent repays the shop. */
  | { readonly kind: 'postage' }
  /** G06: a cash reward, entered in fen, instead of points. */
  | { readonly kind: 'cashReward' };

export interface Rule {
  readonly code: RuleCode;
  readonly section: RuleSection;
  /** The rulebook's place: "(三)7" is item 7 of 部门总奖罚制度, "(三)⑥" a 奖罚说明 clause. */
  readonly source: string;
  readonly zh: string;
  readonly en: string;
  /** Who may be charged: 'any' scored staff member, or only holders of one of these roles. */
  readonly roles: 'any' | readonly Role[];
  /** M codes: computed by the settlement, never entered by hand. */
  readonly monthEnd: boolean;
  readonly points: RulePoints;
  readonly money: RuleMoney;
  /** 取消100元全勤奖 */
  readonly forfeitsAttendance: boolean;
  /** The console can find the breach in its own records (a detector proposes the entry). */
  readonly auto: boolean;
  /** S02 每月扣3分: counts at most once per person and month. */
  readonly oncePerMonth: boolean;
  /** A06, A09: the rulebook cancels the penalty when this happens afterwards (扣分将予以取消). */
  readonly revokedWhen: { readonly zh: string; readonly en: string } | null;
}

type RuleText = Pick<Rule, 'section' | 'source' | 'zh' | 'en'>;
type RuleTerms = Partial<Omit<Rule, 'code' | keyof RuleText>>;

const ROLES_OF_SECTION: Record<RuleSection, Rule['roles']> = {
  general: 'any',
  supervisor: ['supervisor'],
  presale: ['presale'],
  aftersale: ['aftersale'],
  printer: ['printer'],
  monthEnd: 'any',
};

const NO_POINTS: RulePoints = { kind: 'none' };
const NO_MONEY: RuleMoney = { kind: 'none' };
const points = (n: number): RulePoints => ({ kind: 'fixed', points: n });
const fine = (fen: number): RuleMoney => ({ kind: 'fixed', fen: -fen, toFund: true });

function define(text: RuleText, terms: RuleTerms): Omit<Rule, 'code'> {
  return {
    ...text,
    roles: ROLES_OF_SECTION[text.section],
    monthEnd: text.section === 'monthEnd',
    points: NO_POINTS,
    money: NO_MONEY,
    forfeitsAttendance: false,
    auto: false,
    oncePerMonth: false,
    revokedWhen: null,
    ...terms,
  };
}

const g = (source: string, zh: string, en: string): RuleText => ({ section: 'general', source: `(三)${source}`, zh, en });
const s = (source: string, zh: string, en: string): RuleText => ({ section: 'supervisor', source: `(四)${source}`, zh, en });
const p = (source: string, zh: string, en: string): RuleText => ({ section: 'presale', source: `(五)${source}`, zh, en });
const a = (source: string, zh: string, en: string): RuleText => ({ section: 'aftersale', source: `(六)${source}`, zh, en });
const r = (source: string, zh: string, en: string): RuleText => ({ section: 'printer', source: `(七)${source}`, zh, en });
const m = (source: string, zh: string, en: string): RuleText => ({ section: 'monthEnd', source: `(三)${source}`, zh, en });

const DEFINITIONS: Record<RuleCode, Omit<Rule, 'code'>> = {
  // 部门总奖罚制度 — every staff member
  G01: define(
    g('1', '忘记打卡，2日内未向主管申请签卡，视为离岗、脱岗', 'Forgot to clock and did not explain within 2 days: counted as leaving the post'),
    { money: fine(3_000), forfeitsAttendance: true, auto: true },
  ),
  G02: define(
    g('2', '私自离岗，未做好换班', 'Left the post without an approved swap'),
    { money: fine(5_000), forfeitsAttendance: true, auto: true },
  ),
  G03a: define(
    g('3', '工作时间内未登录旺旺、擅自下线、隐身、置之不理', 'Not logged in, offline or invisible during working hours'),
    { money: fine(5_000), auto: true },
  ),
  G03b: define(
    g('3', '人不在岗，旺旺处于在线状态，导致客户以为回复不及时', 'Online while away from the post, so buyers think replies are slow'),
    { points: points(-2), auto: true },
  ),
  G04: define(
    g('4', '旷工（未提前请假、未经批准或越级请假）', 'Absent: leave not asked in time, not approved, or asked over the supervisor’s head'),
    { money: { kind: 'dayWage' }, forfeitsAttendance: true, auto: true },
  ),
  G05: define(
    g('5', '客户因服务质量原因投诉，经核实属实', 'A buyer’s complaint about service quality, verified'),
    { points: points(-3) },
  ),
  G06: define(
    g('6', '创新性想法、建议经领导批准采纳', 'An innovative idea or suggestion adopted by management'),
    { points: { kind: 'range', min: 3, max: 20 }, money: { kind: 'cashReward' } },
  ),
  G07: define(
    g('7', '上班时间做与工作无关的事（看视频、玩游戏、离开岗位）：首次警告，再次扣3分，不予遵守者解雇', 'Doing things unrelated to work on duty: first a warning, then −3 each time; who keeps on is dismissed'),
    { points: { kind: 'warningThenFixed', points: -3, reviewFrom: 3 } },
  ),
  G08: define(
    g('8', '发现并顺利修改他人错误，避免公司损失', 'Found and corrected someone else’s error, avoiding a loss'),
    { points: points(2) },
  ),
  G09: define(
    g('9', '与客户交流完毕、订单确认后没有及时关闭对话框', 'Chat window not closed after the order was confirmed'),
    { points: points(-1), auto: true },
  ),
  G10: define(
    g('10', '下班时没有处理妥当就下线，导致客户投诉', 'Went off duty with work unfinished, and a buyer complained'),
    { points: points(-3) },
  ),
  G11: define(
    g('11', '促销活动无条件加班', 'Worked unconditional overtime for a promotion'),
    { points: points(5) },
  ),
  G12: define(
    g('12', '交仓库部处理的信息填写错误，影响仓库部工作效率', 'Wrong information on a request to the warehouse'),
    { points: points(-3) },
  ),
  G14: define(
    g('14', '换班超过3次以上，每次', 'Each swap beyond 3 in a month'),
    { points: points(-2), auto: true },
  ),
  G15: define(
    g('15', '不服从上级领导及指示', 'Disobeyed the supervisor'),
    { points: points(-5) },
  ),
  G16: define(
    g('16', '客户中差评某位客服', 'A buyer’s neutral or bad review names the agent'),
    { points: points(-3) },
  ),

  // 客服部主管奖罚制度
  S01: define(
    s('1', '没有及时提醒售后客服处理维权中的订单，导致维权成功', 'Did not remind after-sale of an order in dispute, and the dispute succeeded'),
    { points: points(-3), auto: true },
  ),
  S02: define(
    s('2', '没有定制好值班表、值日表，导致客服部工作混乱（每月）', 'No duty roster made, work fell into disorder (per month)'),
    { points: points(-3), auto: true, oncePerMonth: true },
  ),
  S03: define(
    s('3', '随意批准下属请假、换班，导致上班期间人员混乱', 'Approved leave or a swap carelessly, staffing fell into disorder'),
    { points: points(-3) },
  ),

  // 售前客服奖罚制度
  P01: define(
    p('1', '客户有特殊情况，没有后台修改备注妥当，导致客户追究', 'A buyer’s special request was not changed and noted in the back office, and the buyer pursued it'),
    { points: points(-2) },
  ),
  P02: define(
    p('2', '备注妥当或属性修改后没有通知打单人员，导致打错单、发错货', 'Noted or changed, but the printers were not told: wrong print or wrong goods shipped'),
    { points: points(-2), auto: true },
  ),
  P03: define(
    p('3', '客户付款后又不想要了，没有及时通知相关人员，导致包裹发出', 'A buyer cancelled after paying, not relayed in time, and the parcel went out'),
    { points: points(-2) },
  ),
  P04: define(
    p('4', '后台备注妥当，但没有署名日期', 'A note without signature and date'),
    { points: points(-1), auto: true },
  ),

  // 售后客服奖罚制度
  A01: define(
    a('1', '客户沟通过要退换货，售后登记表上无登记', 'A return or exchange agreed in chat but not in the after-sale registry'),
    { points: points(-1) },
  ),
  A02: define(
    a('2', '非质量问题答应客户承担来回运费退换', 'Promised to pay postage both ways for a non-quality problem'),
    { points: points(-3) },
  ),
  A03: define(
    a('3', '质量问题没有在售后退换货表登记清楚，仓库无法验货', 'Quality problem not described in the registry, so the warehouse cannot inspect'),
    { points: points(-2) },
  ),
  A04: define(
    a('4', '售后问题没有拍照确认就答应承担来回运费，仓库反馈没有所述问题：客户垫付运费由该客服承担（内里、鞋垫等无法拍照的除外）', 'Promised postage without photo proof and the warehouse finds no such problem: the agent pays the buyer’s advanced postage (lining and insole exempt)'),
    { points: points(-2), money: { kind: 'postage' } },
  ),
  A05: define(
    a('5', '没有跟客户说明要确保鞋子完好无损，收到破损鞋子，影响第二次销售', 'Did not tell the buyer to keep the goods undamaged, and the return came back damaged'),
    { points: points(-2) },
  ),
  A06: define(
    a('6', '没有明确告诉客户要垫付运费，导致客户发了到付件', 'Did not tell the buyer to prepay the return, and it came cash-on-delivery'),
    {
      points: points(-3),
      revokedWhen: { zh: '事后说服客户承担一半到付运费', en: 'the buyer is persuaded afterwards to pay half the cash-on-delivery postage' },
    },
  ),
  A07: define(
    a('7', '没有跟客户说明填写售后服务卡，或放纸条写上ID跟联系方式', 'Did not tell the buyer to fill in the after-sale card or a slip with ID and contact'),
    { points: points(-1) },
  ),
  A08: define(
    a('8', '没有及时处理维权中的订单，导致维权成功，店铺被扣分', 'An order in dispute not handled in time, and the dispute succeeded'),
    { points: points(-3), auto: true },
  ),
  A09: define(
    a('9', '没有及时处理退款中的订单，导致退款自动成功，客户又没有将货退回', 'A refund not handled in time: it went through automatically and the goods were not returned'),
    {
      points: points(-3),
      auto: true,
      revokedWhen: { zh: '事后成功将货退回，或客户愿意补给商品全额', en: 'the goods come back afterwards, or the buyer pays the full price' },
    },
  ),
  A10: define(
    a('10', '没有及时留言告知客户换货运单号，导致客户投诉或申请退款', 'The exchange tracking number was not sent to the buyer, who complained or asked for a refund'),
    { points: points(-2), auto: true },
  ),

  // 打单人员奖罚制度
  R01: define(
    r('1', '每天规定时间内需要打的订单没有按时打完，导致发货延误', 'The day’s orders were not all printed in time, and shipping was delayed'),
    { points: points(-2), auto: true },
  ),
  R02: define(
    r('2', '没有注意订单跟踪旺旺号的修改提醒，没有第一时间在E店宝修改妥当，导致打错单、发错货', 'Missed a change alert from the order-tracking channel: wrong print or wrong goods'),
    { points: points(-2), auto: true },
  ),
  R03: define(
    r('3', '处理好客服交办的事情后没有及时反馈给客服，导致处理不恰当', 'Handled a request but did not report back to the agent'),
    { points: points(-2), auto: true },
  ),
  R04: define(
    r('4', '没有将换货运单号反馈给售后客服登记', 'Did not give the exchange tracking number to after-sale'),
    { points: points(-2), auto: true },
  ),

  // 月底结算 — computed by the settlement, never entered
  M01: define(
    m('⑥', '月底分数110分或110分以上，现金奖励100元', 'Final score of 110 or more: a 100 yuan cash reward'),
    { money: { kind: 'fixed', fen: MONTHLY.rewardFen, toFund: false } },
  ),
  M02: define(
    m('⑤', '月底分数60分以下，解雇', 'Final score below 60: dismissal'),
    {},
  ),
  M03: define(
    m('⑦', '客服部一半或一半以上人员得到满分或满分以上，奖励主管100元', 'Half or more of the department at 100 or more: 100 yuan to the supervisor'),
    { roles: ['supervisor'], money: { kind: 'fixed', fen: MONTHLY.supervisorBonusFen, toFund: false } },
  ),
  M04: define(
    m('⑦', '客服部有一人低于60分，扣惩客服主管100元', 'Anyone in the department below 60: the supervisor is charged 100 yuan'),
    { roles: ['supervisor'], money: { kind: 'fixed', fen: -MONTHLY.supervisorChargeFen, toFund: true } },
  ),
};

/** Every rule by its code. */
export const CATALOGUE: { readonly [C in RuleCode]: Rule & { readonly code: C } } = Object.freeze(
  Object.fromEntries(RULE_CODES.map((code) => [code, Object.freeze({ code, ...DEFINITIONS[code] })])) as {
    [C in RuleCode]: Rule & { code: C };
  },
);

/** The codes a supervisor (or a detector) may enter: all but the month-end ones. */
export const ENTERABLE_RULE_CODES: readonly RuleCode[] = RULE_CODES.filter((code) => !CATALOGUE[code].monthEnd);

export function isRuleCode(value: string): value is RuleCode {
  return (RULE_CODES as readonly string[]).includes(value);
}

/** Managers approve the scoresheet and are not on it (issue 4: "every active staff member but managers"). */
export function isScoredStaff(roles: readonly Role[]): boolean {
  return !roles.includes('manager');
}

/** Whether someone with these roles may be charged under the rule (role rules S/P/A/R need the role). */
export function canBeCharged(rule: Rule, roles: readonly Role[]): boolean {
  return rule.roles === 'any' || rule.roles.some((role) => roles.includes(role));
}
