/**
 * The scoresheet as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads the
 * Chinese names as mojibake), CRLF line ends, bilingual headers, money in yuan.
 */
import type { MonthSheet } from '@kefu/shared/schemas/scoring';

const BOM = '\uFEFF';

/** 12345 fen → "123.45", −5 → "-0.05": integer arithmetic, no float rounding. */
export function yuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Quotes when needed; a text cell starting like a formula is defused so Excel shows it as text. */
function cell(value: string | number, text = false): string {
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const STATUS_ZH: Record<MonthSheet['status'], string> = { none: '未结算', draft: '草稿', submitted: '已提交', approved: '已批准' };

export function scoresheetCsv(sheet: MonthSheet): string {
  const lines: string[] = [];
  lines.push([cell('月份 Month'), cell(sheet.month), cell('状态 Status'), cell(`${STATUS_ZH[sheet.status]} ${sheet.status}`)].join(','));
  lines.push(
    [
      '工号 Staff ID',
      '用户名 Username',
      '姓名 Name',
      '在职天数 Days employed',
      '得分 Score',
      '基本工资(元) Base wage (yuan)',
      '扣分金额(元) Point deduction (yuan)',
      '罚款(元) Fines G01/G02/G03a (yuan)',
      '旷工扣薪(元) Absence day wage G04 (yuan)',
      '运费赔付(元) Postage repaid A04 (yuan)',
      '全勤奖(元) Attendance bonus (yuan)',
      '工作表现奖(元) Performance bonus (yuan)',
      '奖励(元) Reward (yuan)',
      '主管奖励M03(元) Supervisor bonus M03 (yuan)',
      '主管扣惩M04(元) Supervisor charge M04 (yuan)',
      '更正(元) Corrections (yuan)',
      '奖罚合计(元) Bonus and penalty net (yuan)',
      '实发工资(元) Take-home pay (yuan)',
      '解雇 Dismissal',
      '解雇审查 Dismissal review',
      '条目数 Entries',
    ]
      .map((h) => cell(h))
      .join(','),
  );
  for (const row of sheet.staff) {
    lines.push(
      [
        cell(row.staffId),
        cell(row.username, true),
        cell(row.displayName, true),
        cell(`${row.daysEmployed}/${row.daysInMonth}`),
        cell(row.score),
        cell(yuan(row.baseWageFen)),
        cell(yuan(row.pointDeductionFen)),
        cell(yuan(row.finesFen)),
        cell(yuan(row.dayWageFen)),
        cell(yuan(row.postageFen)),
        cell(yuan(row.attendanceBonusFen)),
        cell(yuan(row.performanceBonusFen)),
        cell(yuan(row.rewardFen)),
        cell(yuan(row.supervisorBonusFen)),
        cell(yuan(row.supervisorChargeFen)),
        cell(yuan(row.correctionsFen)),
        cell(yuan(row.netFen)),
        cell(yuan(row.payFen)),
        cell(row.dismissal ? '是 yes' : '否 no'),
        cell(row.dismissalReview ? '是 yes' : '否 no'),
        cell(row.entries),
      ].join(','),
    );
  }
  lines.push('');
  lines.push([cell('部门活动经费 Activity fund (yuan)'), cell(yuan(sheet.activityFundFen))].join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
