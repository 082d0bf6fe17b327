import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../lib/locales/en.ts';
import { zhCN } from '../../lib/locales/zh-CN.ts';
import { formatNotification, mergeNotifications, unreadCount, type NotificationItem, type NotificationMessage } from './notifications.format.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
});

function say(message: NotificationMessage, params: Record<string, string | number>, lng: 'zh-CN' | 'en'): string {
  return i18n.t(`notifications.messages.${message}`, { ...params, lng });
}

const staff = { isSupervisor: false };
const supervisor = { isSupervisor: true };

describe('a notification as the bell shows it', () => {
  it.each([
    // kind, payload, reader, message, zh-CN sentence, English sentence, where a click goes
    ['scoring.settled', { month: '2026-10', automatic: true, proposals: 0 }, supervisor, 'scoringSettledAuto', '2026-10 月度积分已自动结算（草稿）', 'The 2026-10 scoresheet was settled automatically (draft)', '/console/scoring?month=2026-10'],
    ['scoring.settled', { month: '2026-10', automatic: true, proposals: 3 }, supervisor, 'scoringSettledAutoProposals', '2026-10 月度积分已自动结算（草稿），3 条系统建议待确认', 'The 2026-10 scoresheet was settled automatically (draft); 3 proposals to decide', '/console/scoring?month=2026-10'],
    ['scoring.settled', { month: '2026-10' }, supervisor, 'scoringSettled', '2026-10 月度积分已结算（草稿）', 'The 2026-10 scoresheet was settled (draft)', '/console/scoring?month=2026-10'],
    ['scoring.submitted', { month: '2026-10' }, staff, 'scoringSubmitted', '2026-10 月度积分表已提交，待你审批', 'The 2026-10 scoresheet was submitted for your approval', '/console/scoring?month=2026-10'],
    ['scoring.approved', { month: '2026-10' }, supervisor, 'scoringApproved', '2026-10 月度积分表已获上级批准', 'The 2026-10 scoresheet was approved', '/console/scoring?month=2026-10'],
    ['scoring.returned', { month: '2026-10', reason: '请核对张敏的扣分' }, supervisor, 'scoringReturnedReason', '2026-10 月度积分表被上级退回：请核对张敏的扣分', 'The 2026-10 scoresheet was returned: 请核对张敏的扣分', '/console/scoring?month=2026-10'],
    ['scoring.settle_failed', { month: '2026-10', retryAt: '2026-11-09T16:40:00.000Z' }, supervisor, 'scoringSettleFailedRetry', '2026-10 月度结算失败，系统稍后会自动重试', 'Settling 2026-10 failed; it will be retried automatically shortly', '/console/scoring?month=2026-10'],
    ['scoring.settle_failed', { month: '2026-10', retryAt: null }, supervisor, 'scoringSettleFailed', '2026-10 月度结算失败，已停止自动重试，请手动重新结算', 'Settling 2026-10 failed and will not be retried automatically: settle it again', '/console/scoring?month=2026-10'],
    ['scoring.returned', { month: '2026-10' }, supervisor, 'scoringReturned', '2026-10 月度积分表被上级退回', 'The 2026-10 scoresheet was returned', '/console/scoring?month=2026-10'],
    ['ledger.entry', { entryId: 7, rule: 'G05', month: '2026-10' }, staff, 'ledgerEntry', '你有一条新的奖罚记录（G05，2026-10）', 'A new entry on your score (G05, 2026-10)', '/console/myScore?month=2026-10'],
    ['ledger.revoked', { entryId: 7, rule: 'G05', month: '2026-10' }, staff, 'ledgerRevoked', '你的一条奖罚记录已撤销（G05，2026-10）', 'An entry on your score was revoked (G05, 2026-10)', '/console/myScore?month=2026-10'],
    ['appeal.filed', { entryId: 7, appealId: 2, month: '2026-10' }, supervisor, 'appealFiledMonth', '有新的申诉待处理（2026-10）', 'A new appeal is waiting (2026-10)', '/console/scoring?month=2026-10'],
    ['appeal.filed', { entryId: 7, appealId: 2 }, supervisor, 'appealFiled', '有新的申诉待处理', 'A new appeal is waiting', '/console/scoring'],
    ['appeal.message', { entryId: 7, appealId: 2 }, supervisor, 'appealMessage', '申诉有新的回复', 'New reply on an appeal', '/console/scoring'],
    ['appeal.message', { entryId: 7, appealId: 2 }, staff, 'appealMessage', '申诉有新的回复', 'New reply on an appeal', '/console/myScore'],
    ['appeal.decided', { entryId: 7, appealId: 2, decision: 'uphold' }, staff, 'appealDecidedUphold', '你的申诉已处理：维持原记录', 'Your appeal was decided: the entry stands', '/console/myScore'],
    ['appeal.decided', { entryId: 7, appealId: 2, decision: 'revoke' }, staff, 'appealDecidedRevoke', '你的申诉已处理：记录已撤销', 'Your appeal was decided: the entry was revoked', '/console/myScore'],
    ['appeal.decided', { entryId: 7, appealId: 2 }, staff, 'appealDecided', '你的申诉已处理', 'Your appeal was decided', '/console/myScore'],
    ['inspection.published', { inspectionId: 4, score: 50, grade: 'D' }, staff, 'inspectionPublished', '你接待的一段对话的质检已发布：50 分（D）', 'A quality inspection of your chat was published: 50 points (D)', '/console/myInspections?id=4'],
    ['inspection.reply', { inspectionId: 4, by: '李娜' }, supervisor, 'inspectionReply', '李娜 回复了质检 #4', '李娜 answered on quality inspection #4', '/console/inspection?id=4'],
    ['aftersale.unmatched_parcel', { trackingNo: 'SF1234567', buyerId: null }, supervisor, 'aftersaleUnmatchedParcel', '仓库收到一个对不上登记的退件（单号 SF1234567，买家 —），请联系买家', 'The warehouse got a parcel matching no case (tracking no. SF1234567, buyer —): contact the buyer', '/console/aftersale'],
    ['complaint.assigned', { complaintId: 5 }, supervisor, 'complaintAssigned', '投诉 #5 交给你处理', 'Complaint #5 is yours to handle', '/console/complaints?complaint=5'],
    ['complaint.overdue', { complaintId: 6, buyerId: 'tb_x', severity: 'urgent' }, supervisor, 'complaintOverdue', '投诉 #6 已超过处理期限，仍未解决', 'Complaint #6 is past its deadline and not resolved', '/console/complaints?complaint=6'],
    ['satisfaction.low', { conversationId: 12, score: 2, callbackId: 3 }, supervisor, 'satisfactionLow', '买家给对话 #12 打了 2 分，请安排回访', 'A buyer rated chat #12 2 of 5: a call-back is due', '/console/kpis'],
    ['quality.report', { day: '2026-11-29', unusual: 0, total: 2 }, supervisor, 'qualityReport', '2026-11-29 质量异常分析日报表已生成', 'The quality report of 2026-11-29 is ready', '/console/kpis?tab=quality&day=2026-11-29'],
    ['quality.report', { day: '2026-11-29', unusual: 3, total: 9 }, supervisor, 'qualityReportUnusual', '2026-11-29 质量异常分析日报表已生成：3 项异常', 'The quality report of 2026-11-29 is ready: 3 unusual', '/console/kpis?tab=quality&day=2026-11-29'],
    ['exchange.shipped', { caseId: 3, orderNo: 'A1002', trackingNo: 'ZT99' }, staff, 'exchangeShipped', '订单 A1002 的换货已发出（单号 ZT99），请一键告知买家', 'The exchange of order A1002 shipped (ZT99): tell the buyer with one click', '/console/recall'],
    ['exchange.follow_up_due', { caseId: 3, orderNo: 'A1002', trackingNo: 'ZT99', followUpOn: '2026-12-03' }, staff, 'exchangeFollowUpDue', '订单 A1002 的换货（单号 ZT99）今天要回访：问买家是否收到，再记录回访', 'Follow up the exchange of order A1002 (ZT99) today: ask the buyer whether it arrived, then record it', '/console/recall'],
    [
      'dispute.reminder',
      { disputeId: 4, orderNo: 'A1001', kind: 'dispute', by: '王芳', note: '今天必须回复' },
      supervisor,
      'disputeReminder',
      '王芳 提醒你处理订单 A1001 的退款/维权，请在平台期限前处理 今天必须回复',
      '王芳 reminds you to handle the refund or dispute of order A1001 before the marketplace deadline 今天必须回复',
      '/console/disputes?orderNo=A1001',
    ],
    ['attendance.correction', { id: 1, name: '李娜', day: '2026-11-03', clock: 'out' }, supervisor, 'attendanceCorrection', '李娜 申请签卡（2026-11-03）', '李娜 asks a clock correction (2026-11-03)', '/console/attendance'],
    ['attendance.correction_decided', { id: 1, day: '2026-11-03', status: 'approved' }, staff, 'attendanceCorrectionApproved', '你 2026-11-03 的签卡：已批准', 'Your correction for 2026-11-03: approved', '/console/attendance'],
    ['attendance.permission', { id: 1, name: '李娜', status: 'invisible' }, supervisor, 'attendancePermission', '李娜 申请下线/隐身，请审批', '李娜 asks to go offline or invisible', '/console/attendance'],
    ['attendance.permission_decided', { id: 1, state: 'granted' }, staff, 'attendancePermissionGranted', '你的下线/隐身申请：已同意', 'Your offline/invisible request: granted', '/console/attendance'],
    ['attendance.permission_decided', { id: 1, state: 'refused' }, staff, 'attendancePermissionRefused', '你的下线/隐身申请：被拒绝', 'Your offline/invisible request: refused', '/console/attendance'],
    ['attendance.shift_soon', { name: '客服早班', start: '2026-11-03T01:00:00.000Z' }, staff, 'attendanceShiftSoon', '客服早班 09:00 开始，请准时上线打卡', '客服早班 starts at 09:00: clock in and go online', '/console/attendance'],
    ['chat.something', { x: 1 }, staff, 'unknown', '新通知（chat.something）', 'New notification (chat.something)', null],
  ] as const)('%s %j', (kind, payload, reader, message, zh, english, to) => {
    const formatted = formatNotification({ kind, payload }, reader);
    expect(formatted.message).toBe(message);
    expect(formatted.to).toBe(to);
    expect(say(formatted.message, formatted.params, 'zh-CN')).toBe(zh);
    expect(say(formatted.message, formatted.params, 'en')).toBe(english);
  });

  it('links no month it cannot read', () => {
    const formatted = formatNotification({ kind: 'scoring.submitted', payload: { month: '2026-13' } }, staff);
    expect(formatted.to).toBe('/console/scoring');
    expect(formatted.params).toEqual({ month: '—' });
  });
});

describe('the bell list', () => {
  const at = '2026-10-31T16:30:00.000Z';
  const item = (id: number, readAt: string | null = null): NotificationItem => ({ id, kind: 'scoring.submitted', payload: { month: '2026-10' }, createdAt: at, readAt });

  it('puts a pushed notification first, once', () => {
    const listed = [item(2), item(1, at)];
    const pushed = mergeNotifications(listed, [item(3)]);
    expect(pushed.map((n) => n.id)).toEqual([3, 2, 1]);
    expect(mergeNotifications(pushed, [item(3)]).map((n) => n.id)).toEqual([3, 2, 1]);
    expect(unreadCount(pushed)).toBe(2);
  });

  it('keeps what was pushed or read while a page was on its way', () => {
    const shown = [item(4), item(3, at), item(2)];
    const fetched = [item(3), item(2), item(1)];
    const merged = mergeNotifications(shown, fetched);
    expect(merged.map((n) => [n.id, n.readAt])).toEqual([
      [4, null],
      [3, at],
      [2, null],
      [1, null],
    ]);
  });

  it('keeps the newest 50', () => {
    const many = Array.from({ length: 60 }, (_, i) => item(i + 1));
    expect(mergeNotifications([], many).map((n) => n.id)).toEqual(Array.from({ length: 50 }, (_, i) => 60 - i));
  });
});

describe('roster notifications (docs/roster.md)', () => {
  it.each([
    ['roster.published', 'rosterPublished', '2026-12 值班表已发布，请查看我的班次', 'The 2026-12 roster is published: see your shifts', '/console/roster?tab=mine&month=2026-12'],
    ['swap.asked', 'swapAsked', '同事请你换班（2026-12），请确认', 'A colleague asks you to swap shifts (2026-12)', '/console/roster?tab=swaps&month=2026-12'],
    ['swap.approved', 'swapApproved', '换班已获主管批准（2026-12）', 'Your swap was approved (2026-12)', '/console/roster?tab=swaps&month=2026-12'],
    ['leave.asked', 'leaveAsked', '有请假申请待你审批（2026-12）', 'A leave request awaits your decision (2026-12)', '/console/roster?tab=leave&month=2026-12'],
    ['leave.refused', 'leaveRefused', '你的请假未获批准（2026-12）', 'Your leave was refused (2026-12)', '/console/roster?tab=leave&month=2026-12'],
  ] as const)('%s', (kind, message, zh, english, to) => {
    const formatted = formatNotification({ kind, payload: { month: '2026-12' } }, staff);
    expect(formatted).toEqual({ message, params: { month: '2026-12' }, to });
    expect(say(formatted.message, formatted.params, 'zh-CN')).toBe(zh);
    expect(say(formatted.message, formatted.params, 'en')).toBe(english);
  });
});
