import { sectionsFor, type Section } from '@kefu/shared/domain/staff/roles';
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { useSessionUser } from '../auth/auth.context.tsx';
import { NotFoundPanel } from './NotFoundPage.tsx';
import { isSection, sectionPath } from './sections.ts';

/**
 * The sections built so far; each later issue adds its page here. Each is its own chunk,
 * loaded when first opened, so nobody downloads the pages their roles never show.
 */
const PAGES: Partial<Record<Section, ComponentType>> = {
  chat: lazy(() => import('../chat/ChatPage.tsx').then((m) => ({ default: m.ChatPage }))),
  orders: lazy(() => import('../orders/OrdersPage.tsx').then((m) => ({ default: m.OrdersPage }))),
  printing: lazy(() => import('../printing/PrintingPage.tsx').then((m) => ({ default: m.PrintingPage }))),
  tracking: lazy(() => import('../tracking/TrackingPage.tsx').then((m) => ({ default: m.TrackingPage }))),
  warehouse: lazy(() => import('../warehouse/WarehousePage.tsx').then((m) => ({ default: m.WarehousePage }))),
  aftersale: lazy(() => import('../aftersale/AfterSalePage.tsx').then((m) => ({ default: m.AfterSalePage }))),
  recall: lazy(() => import('../recall/RecallPage.tsx').then((m) => ({ default: m.RecallPage }))),
  disputes: lazy(() => import('../disputes/DisputesPage.tsx').then((m) => ({ default: m.DisputesPage }))),
  complaints: lazy(() => import('../complaints/ComplaintsPage.tsx').then((m) => ({ default: m.ComplaintsPage }))),
  staff: lazy(() => import('../staff/StaffPage.tsx').then((m) => ({ default: m.StaffPage }))),
  scoring: lazy(() => import('../scoring/ScoringPage.tsx').then((m) => ({ default: m.ScoringPage }))),
  myScore: lazy(() => import('../scoring/MyScorePage.tsx').then((m) => ({ default: m.MyScorePage }))),
  kpis: lazy(() => import('../kpis/KpisPage.tsx').then((m) => ({ default: m.KpisPage }))),
  myKpis: lazy(() => import('../kpis/MyKpisPage.tsx').then((m) => ({ default: m.MyKpisPage }))),
  inspection: lazy(() => import('../inspection/InspectionPage.tsx').then((m) => ({ default: m.InspectionPage }))),
  myInspections: lazy(() => import('../inspection/MyInspectionsPage.tsx').then((m) => ({ default: m.MyInspectionsPage }))),
  roster: lazy(() => import('../roster/RosterPage.tsx').then((m) => ({ default: m.RosterPage }))),
  attendance: lazy(() => import('../attendance/AttendancePage.tsx').then((m) => ({ default: m.AttendancePage }))),
};

/** /console/:section — the page, or why it cannot be shown. */
export function SectionPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const { section } = useParams();

  if (!isSection(section)) return <NotFoundPanel />;
  const label = t(`sections.${section}`);
  // The server refuses the data anyway; this only explains it instead of showing errors.
  if (!sectionsFor(user.roles).includes(section)) {
    return (
      <section className="panel panel-empty" data-testid="no-access">
        <h1>{t('console.noAccessTitle')}</h1>
        <p>{t('console.noAccessBody', { section: label })}</p>
      </section>
    );
  }
  const Page = PAGES[section];
  if (Page) {
    return (
      <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
        <Page />
      </Suspense>
    );
  }
  return (
    <section className="panel panel-empty" data-testid="coming-soon">
      <h1>{label}</h1>
      <p className="coming-soon-title">{t('console.comingSoonTitle')}</p>
      <p className="muted">{t('console.comingSoonBody', { section: label })}</p>
    </section>
  );
}

/** /console — the first section the user may open. */
export function ConsoleHome() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [first] = sectionsFor(user.roles);
  if (first) return <Navigate to={sectionPath(first)} replace />;
  return (
    <section className="panel panel-empty">
      <p>{t('console.noSections')}</p>
    </section>
  );
}
