import { GROUP_OF_ROLE } from '@kefu/shared/domain/roster/shifts';
import type { RosterMonthView } from '@kefu/shared/schemas/roster';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatShopDate } from '../../lib/time.ts';
import { Notice } from '../../lib/PageHeader.tsx';
import { generateMonth, getMonth, publishMonth, setCells, setDuty } from './roster.api.ts';
import { cellMark, coverageWarnings, weekday } from './roster.format.ts';
import { useRosterData } from './useRosterData.ts';

/**
 * The month's grid, people × days (值班表), with the duty rota (值日表) and the count per
 * role per shift beneath; the supervisor generates it from the 5-day rotation, changes
 * cells, and publishes it. Others see the published grid.
 */
export function GridPanel({ month, editable }: { month: string; editable: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage() === 'en' ? 'en' : 'zh';
  const grid = useRosterData(() => getMonth(month), month, [month]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const view = grid.data;

  async function act(run: (view: RosterMonthView) => Promise<RosterMonthView>, done?: string) {
    if (!view) return;
    setBusy(true);
    setError(null);
    try {
      grid.setData(await run(view));
      setNotice(done ?? null);
    } catch (cause) {
      setError(cause);
      grid.reload();
    } finally {
      setBusy(false);
    }
  }

  if (!view) return <LoadStatus error={grid.error} loaded={false} onRetry={grid.reload} />;
  const templateOf = new Map(view.templates.map((tpl) => [tpl.id, tpl]));
  const cellOf = new Map(view.cells.map((c) => [`${c.staffId}|${c.day}`, c]));
  const holidayOf = new Map(view.holidays.map((h) => [h.day, h.name]));
  const dutyOf = new Map(view.duty.map((d) => [d.day, d.staffId]));
  const warnings = coverageWarnings(view);
  const name = (id: number) => (lang === 'zh' ? templateOf.get(id)?.nameZh : templateOf.get(id)?.nameEn) ?? '';
  const shortDay = (day: string) => `${Number(day.slice(8))}`;
  const canEdit = editable && !busy;
  // A published roster changes only for days to come (the server refuses the others).
  const today = formatShopDate(new Date());
  const editableDay = (day: string) => canEdit && (view.status !== 'published' || day > today);

  return (
    <section className="panel roster-grid-panel" data-testid="roster-grid">
      <div className="month-status">
        <span className={view.status === 'published' ? 'badge badge-approved' : 'badge badge-draft'} data-testid="roster-status">
          {t(`roster.status.${view.status}`)}
        </span>
        {view.publishedAt ? <span className="muted">{t('roster.grid.publishedAt', { at: view.publishedAt.slice(0, 10) })}</span> : null}
        {editable && view.status !== 'published' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act((v) => generateMonth(month, v.version), t('roster.grid.generated'))} data-testid="roster-generate">
            {t('roster.grid.generate')}
          </button>
        ) : null}
        {editable && view.status === 'draft' ? (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void act((v) => publishMonth(month, v.version), t('roster.grid.published'))} data-testid="roster-publish">
            {t('roster.grid.publish')}
          </button>
        ) : null}
      </div>
      {notice ? <Notice testId="roster-notice">{notice}</Notice> : null}
      {error ? <ApiErrorMessage error={error} testId="roster-error" /> : null}
      {view.status === 'none' ? <p className="muted">{editable ? t('roster.grid.emptyEditable') : t('roster.notPublished')}</p> : null}
      {view.status !== 'none' && warnings.length > 0 ? (
        <div className="notice notice-warning" role="status" data-testid="roster-warnings">
          {t('roster.grid.warnings', { count: warnings.length })}{' '}
          {warnings.slice(0, 4).map((w) => (
            <span key={`${w.day}|${w.templateId}`} className="tag tag-warning">
              {w.day.slice(5)} {name(w.templateId)} {t('roster.grid.lacks', { roles: w.missing.map((r) => t(`roster.roleShort.${r}`)).join('、') })}
            </span>
          ))}
        </div>
      ) : null}
      {view.status !== 'none' ? (
        <div className="table-scroll">
          <table className="table roster-grid">
            <thead>
              <tr>
                <th className="roster-person">{t('roster.grid.person')}</th>
                {view.days.map((day) => (
                  <th key={day} className={holidayOf.has(day) ? 'roster-day roster-holiday' : weekday(day) % 6 === 0 ? 'roster-day roster-weekend' : 'roster-day'} title={holidayOf.get(day) ?? day}>
                    {shortDay(day)}
                    <br />
                    <small>{holidayOf.has(day) ? t('roster.grid.holidayMark') : t(`roster.weekdays.${weekday(day)}`)}</small>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.people.map((person) => (
                <tr key={person.staffId}>
                  <th className="roster-person" scope="row">
                    {person.name}
                    <br />
                    <small className="muted">{person.roles.map((r) => t(`roster.roleShort.${r}`)).join('/')}</small>
                  </th>
                  {view.days.map((day) => {
                    const cell = cellOf.get(`${person.staffId}|${day}`);
                    const template = cell ? templateOf.get(cell.templateId) : undefined;
                    const mark = template ? cellMark(template, lang) : '';
                    const cls = `roster-cell${template ? ` roster-${template.group}-${template.kind}` : ''}${cell?.swapId ? ' roster-swapped' : ''}${cell?.onLeave ? ' roster-leave' : ''}`;
                    if (!editableDay(day)) {
                      return (
                        <td key={day} className={cls} title={template ? name(template.id) : t('roster.grid.off')}>
                          {mark || '·'}
                        </td>
                      );
                    }
                    const options = view.templates.filter((tpl) => person.roles.some((r) => GROUP_OF_ROLE[r] === tpl.group));
                    return (
                      <td key={day} className={cls}>
                        <select
                          className="roster-select"
                          aria-label={t('roster.grid.cellLabel', { name: person.name, day })}
                          value={cell ? String(cell.templateId) : ''}
                          onChange={(e) => {
                            const templateId = e.target.value === '' ? null : Number(e.target.value);
                            void act((v) => setCells(month, v.version, [{ staffId: person.staffId, day, templateId }]));
                          }}
                          data-testid={`roster-cell-${person.staffId}-${day}`}
                        >
                          <option value="">{lang === 'zh' ? '休' : '–'}</option>
                          {options.map((tpl) => (
                            <option key={tpl.id} value={tpl.id}>
                              {cellMark(tpl, lang)}
                            </option>
                          ))}
                        </select>
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr className="roster-duty-row">
                <th className="roster-person" scope="row">
                  {t('roster.duty')}
                </th>
                {view.days.map((day) => {
                  const staffId = dutyOf.get(day);
                  const who = view.people.find((p) => p.staffId === staffId)?.name ?? '';
                  return (
                    <td key={day} className="roster-cell">
                      {editableDay(day) ? (
                        <select
                          className="roster-select"
                          aria-label={t('roster.grid.dutyLabel', { day })}
                          value={staffId ? String(staffId) : ''}
                          onChange={(e) => void act((v) => setDuty(month, v.version, [{ day, staffId: e.target.value === '' ? null : Number(e.target.value) }]))}
                          data-testid={`roster-duty-${day}`}
                        >
                          <option value="">–</option>
                          {view.people.map((p) => (
                            <option key={p.staffId} value={p.staffId}>
                              {p.name.slice(-1)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span title={who}>{who.slice(-1) || '·'}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
              {view.templates.map((tpl) => (
                <tr key={tpl.id} className="roster-coverage-row">
                  <th className="roster-person" scope="row">
                    {name(tpl.id)}
                  </th>
                  {view.days.map((day) => {
                    const c = view.coverage.find((x) => x.day === day && x.templateId === tpl.id);
                    if (!c) return <td key={day} />;
                    const text = tpl.group === 'printing' ? `${c.counts.printer}` : `${c.counts.presale}/${c.counts.aftersale}`;
                    return (
                      <td key={day} className={c.missing.length > 0 ? 'roster-cover roster-cover-missing' : 'roster-cover'} title={t('roster.grid.coverTitle', { presale: c.counts.presale, aftersale: c.counts.aftersale, printer: c.counts.printer })}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {view.status !== 'none' ? <p className="muted roster-legend">{t('roster.grid.legend')}</p> : null}
    </section>
  );
}
