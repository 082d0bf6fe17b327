import { useTranslation } from 'react-i18next';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { getMine, getShift, getToday } from './roster.api.ts';
import { segmentsText, weekday } from './roster.format.ts';
import { useRosterData } from './useRosterData.ts';

/** "My shifts" for the month, today's team, and (from an evidence link) one shift. */
export function MyShiftsPanel({ month, shiftId }: { month: string; shiftId: number | null }) {
  const { t } = useTranslation();
  const zh = currentLanguage() !== 'en';
  const mine = useRosterData(() => getMine(month), month, [month]);
  const today = useRosterData(() => getToday(), null, []);
  const shift = useRosterData(() => (shiftId ? getShift(shiftId) : Promise.resolve(null)), null, [shiftId]);
  const name = (template: { nameZh: string; nameEn: string }) => (zh ? template.nameZh : template.nameEn);

  return (
    <>
      {shiftId ? (
        <section className="panel roster-shift" data-testid="roster-shift">
          <h2>{t('roster.shift.title', { id: shiftId })}</h2>
          <LoadStatus error={shift.error} loaded={shift.data !== null} onRetry={shift.reload} />
          {shift.data ? (
            <p>
              {t('roster.shift.line', { name: shift.data.name, day: shift.data.day, shift: name(shift.data.template), times: segmentsText(shift.data.template), role: t(`roles.${shift.data.role}`) })}{' '}
              {shift.data.holiday ? <span className="tag tag-warning">{t('roster.holiday', { name: shift.data.holiday })}</span> : null}{' '}
              {shift.data.swapId ? <span className="tag">{t('roster.fromSwap')}</span> : null} {shift.data.onLeave ? <span className="tag tag-success">{t('roster.onLeave')}</span> : null}{' '}
              {shift.data.published ? null : <span className="tag">{t('roster.status.draft')}</span>}
            </p>
          ) : null}
        </section>
      ) : null}
      <section className="panel" data-testid="roster-today">
        <h2>{t('roster.today.title')}</h2>
        <LoadStatus error={today.error} loaded={today.data !== null} onRetry={today.reload} />
        {today.data ? (
          today.data.published ? (
            <div className="roster-today">
              <p className="muted">
                {today.data.day} {today.data.holiday ? <span className="tag tag-warning">{t('roster.holiday', { name: today.data.holiday })}</span> : null}{' '}
                {today.data.duty ? t('roster.today.duty', { name: today.data.duty.name }) : t('roster.today.noDuty')}
              </p>
              <ul className="roster-team">
                {today.data.shifts.map((s) => (
                  <li key={s.template.id}>
                    <strong>{name(s.template)}</strong> <span className="muted">{segmentsText(s.template)}</span>
                    <div>
                      {s.people.length === 0 ? <span className="muted">{t('roster.today.nobody')}</span> : null}
                      {s.people.map((p) => (
                        <span key={p.staffId} className={p.onLeave ? 'tag' : 'tag tag-success'} title={t(`roles.${p.role}`)}>
                          {p.name}·{t(`roster.roleShort.${p.role}`)}
                          {p.onLeave ? `（${t('roster.onLeave')}）` : ''}
                        </span>
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted">{t('roster.notPublished')}</p>
          )
        ) : null}
      </section>
      <section className="panel" data-testid="roster-mine">
        <h2>{t('roster.mine.title', { month })}</h2>
        <LoadStatus error={mine.error} loaded={mine.data !== null} onRetry={mine.reload} />
        {mine.data && !mine.data.published ? <p className="muted">{t('roster.notPublished')}</p> : null}
        {mine.data?.published ? (
          mine.data.shifts.length === 0 ? (
            <p className="muted">{t('roster.mine.none')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table roster-mine-table">
                <thead>
                  <tr>
                    <th>{t('roster.mine.day')}</th>
                    <th>{t('roster.mine.shift')}</th>
                    <th>{t('roster.mine.times')}</th>
                    <th>{t('roster.mine.notes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.data.shifts.map((s) => (
                    <tr key={s.day} data-testid={`my-shift-${s.day}`} className={s.assignmentId === shiftId ? 'row-highlight' : undefined}>
                      <td className="nowrap">
                        {s.day.slice(5)} {t(`roster.weekdays.${weekday(s.day)}`)}
                      </td>
                      <td className="nowrap" data-testid="my-shift-name">
                        {name(s.template)}
                      </td>
                      <td className="nowrap muted">{segmentsText(s.template)}</td>
                      <td>
                        {s.holiday ? <span className="tag tag-warning">{t('roster.holiday', { name: s.holiday })}</span> : null} {s.swapId ? <span className="tag" data-testid="my-shift-swap">{t('roster.fromSwap')}</span> : null}{' '}
                        {s.onLeave ? <span className="tag tag-success">{t('roster.onLeave')}</span> : null} {s.duty ? <span className="tag">{t('roster.duty')}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : null}
      </section>
    </>
  );
}
