import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../lib/PageHeader.tsx';
import { oneOf, withParams } from '../../lib/search-params.ts';
import { formatShopMonth } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { GridPanel } from './GridPanel.tsx';
import { LeavePanel } from './LeavePanel.tsx';
import { MyShiftsPanel } from './MyShiftsPanel.tsx';
import { parseRosterItem, shiftMonth, TABS, tabOfItem, type RosterTab } from './roster.format.ts';
import { SettingsPanel } from './SettingsPanel.tsx';
import { SwapsPanel } from './SwapsPanel.tsx';

/**
 * /console/roster — 值班表 (docs/roster.md): my shifts and today's team, the month's grid
 * (the supervisor builds and publishes it), swaps, leave, and the supervisor's shift
 * templates and holiday calendar. `?tab=&month=` in the address; `?item=` (a scoring
 * evidence link) opens a shift, a month, a swap or a leave request.
 */
export function RosterPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const isSupervisor = user.roles.includes('supervisor');
  const [params, setParams] = useSearchParams();
  const item = parseRosterItem(params.get('item'));
  const tabs = TABS.filter((tab) => tab !== 'settings' || isSupervisor);
  const tab: RosterTab = oneOf(tabs, params.get('tab')) ?? tabOfItem(item) ?? (isSupervisor ? 'grid' : 'mine');
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '') ? params.get('month')! : item?.kind === 'month' ? item.month : formatShopMonth(new Date());

  function go(change: Record<string, string | null>) {
    setParams((current) => withParams(current, change, ['item']));
  }

  return (
    <div className="page roster-page">
      <PageHeader title={t('roster.title')} />
      <div className="tabs" role="tablist" data-testid="roster-tabs">
        {tabs.map((value) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} className={tab === value ? 'tab active' : 'tab'} onClick={() => go({ tab: value })} data-testid={`roster-tab-${value}`}>
            {t(`roster.tabs.${value}`)}
          </button>
        ))}
      </div>
      {tab !== 'settings' ? (
        <div className="month-bar">
          <div className="month-picker">
            <button type="button" className="button button-small" onClick={() => go({ month: shiftMonth(month, -1) })} aria-label={t('roster.prevMonth')}>
              ‹
            </button>
            <strong data-testid="roster-month">{month}</strong>
            <button type="button" className="button button-small" onClick={() => go({ month: shiftMonth(month, 1) })} aria-label={t('roster.nextMonth')} data-testid="roster-next-month">
              ›
            </button>
          </div>
        </div>
      ) : null}
      {tab === 'mine' ? <MyShiftsPanel month={month} shiftId={item?.kind === 'shift' ? item.id : null} /> : null}
      {tab === 'grid' ? <GridPanel month={month} editable={isSupervisor} /> : null}
      {tab === 'swaps' ? <SwapsPanel month={month} highlight={item?.kind === 'swap' ? item.id : null} /> : null}
      {tab === 'leave' ? <LeavePanel month={month} highlight={item?.kind === 'leave' ? item.id : null} /> : null}
      {tab === 'settings' && isSupervisor ? <SettingsPanel /> : null}
    </div>
  );
}
