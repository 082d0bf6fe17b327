import { sectionsFor, type Section } from '@kefu/shared/domain/staff/roles';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { useSessionUser } from '../auth/auth.context.tsx';
import { ChatPage } from '../chat/ChatPage.tsx';
import { MyScorePage } from '../scoring/MyScorePage.tsx';
import { ScoringPage } from '../scoring/ScoringPage.tsx';
import { StaffPage } from '../staff/StaffPage.tsx';
import { NotFoundPanel } from './NotFoundPage.tsx';
import { isSection, sectionPath } from './sections.ts';

/** The sections built so far; each later issue adds its page here. */
const PAGES: Partial<Record<Section, ComponentType>> = {
  chat: ChatPage,
  staff: StaffPage,
  scoring: ScoringPage,
  myScore: MyScorePage,
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
  if (Page) return <Page />;
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
