import { useSearchParams } from 'react-router';
import { formatShopDate } from '../../lib/time.ts';
import { isDay, lastDays } from './kpis.format.ts';

/** The range in the address (?from=&to=), the last 7 shop days by default. */
export function useKpiRange(): { from: string; to: string; today: string; setRange(range: { from: string; to: string }): void } {
  const [params, setParams] = useSearchParams();
  const today = formatShopDate(new Date());
  const fallback = lastDays(today, 7);
  const from = params.get('from');
  const to = params.get('to');
  const valid = isDay(from) && isDay(to) && from <= to;
  return {
    from: valid ? from : fallback.from,
    to: valid ? to : fallback.to,
    today,
    setRange: (range) => setParams({ from: range.from, to: range.to }),
  };
}
