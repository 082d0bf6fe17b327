import type { Inspection } from '@kefu/shared/schemas/inspection';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { chatMessagePath } from '../chat/deep-link.ts';
import { myInspections } from './inspection.api.ts';
import { InspectionMarks, ScoreBadge } from './InspectionMarks.tsx';
import { InspectionReplies } from './InspectionReplies.tsx';

/** /console/myInspections — the agent's published inspections, each with its marks, comments and a reply thread. */
export function MyInspectionsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [list, setList] = useState<Inspection[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const openId = Number(params.get('id')) || null;

  useEffect(() => {
    let cancelled = false;
    setError(null);
    myInspections().then(
      (found) => !cancelled && setList(found),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [reload]);

  const replace = (next: Inspection) => setList((all) => (all ? all.map((i) => (i.id === next.id ? next : i)) : all));
  // The one a link named opens; else the newest.
  const opened = openId ?? list?.[0]?.id ?? null;

  return (
    <section className="inspection-page" data-testid="my-inspections-page">
      <div className="page-title-row">
        <h1>{t('inspection.myTitle')}</h1>
      </div>
      <p className="muted">{t('inspection.mine.intro')}</p>
      <LoadStatus error={error} loaded={list !== null} onRetry={() => setReload((n) => n + 1)} />
      {list && list.length === 0 ? (
        <p className="panel panel-empty" data-testid="my-inspections-empty">
          {t('inspection.mine.empty')}
        </p>
      ) : null}
      {list?.map((i) => (
        <details key={i.id} className="panel inspection-mine" open={i.id === opened} data-testid={`my-inspection-${i.id}`}>
          <summary
            onClick={(e) => {
              e.preventDefault();
              setParams(i.id === opened ? {} : { id: String(i.id) });
            }}
          >
            <span className="nowrap">{formatShopDateTime(i.conversationAt)}</span> <ScoreBadge score={i.score} grade={i.grade} /> <span className="muted small">{t('inspection.replies.title')} {i.replies.length}</span>
          </summary>
          <p>
            <Link to={chatMessagePath(i.conversationId)}>{t('inspection.form.openChat')}</Link>
          </p>
          <InspectionMarks inspection={i} />
          <InspectionReplies inspection={i} onChanged={replace} />
        </details>
      ))}
    </section>
  );
}
