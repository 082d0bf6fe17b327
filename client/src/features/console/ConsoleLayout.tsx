import { sectionsFor, type Section } from '@kefu/shared/domain/staff/roles';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { StaffSocketProvider } from '../../lib/socket.context.tsx';
import { useAuth, useSessionUser } from '../auth/auth.context.tsx';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { useAttentionCount } from '../../lib/attention.ts';
import { AlertsWatcher, ALERTS_ATTENTION } from '../tracking/AlertsWatcher.tsx';
import { CHAT_ATTENTION } from '../chat/chat-attention.ts';
import { ChatWatcher } from '../chat/ChatWatcher.tsx';
import { SoundToggle } from './SoundToggle.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { sectionPath } from './sections.ts';

/** The console's frame: who is signed in, the sections their roles allow, the page. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const { logout } = useAuth();
  const user = useSessionUser();
  const [logoutError, setLogoutError] = useState<unknown>(null);
  /** On a phone the menu folds behind a button; any section chosen folds it again. */
  const [menuOpen, setMenuOpen] = useState(false);
  const sections = sectionsFor(user.roles);
  const waitingAlerts = useAttentionCount(ALERTS_ATTENTION);
  const waitingBuyers = useAttentionCount(CHAT_ATTENTION);
  /** The menu's badges: what waits in each section (the tab title shows the total). */
  // The alerts count shows on 订单跟踪, or on 仓库 for a warehouse clerk (who has no 订单跟踪).
  const waiting: Partial<Record<Section, number>> = {
    tracking: waitingAlerts,
    chat: waitingBuyers,
    ...(sections.includes('tracking') ? {} : { warehouse: waitingAlerts }),
  };

  async function onLogout() {
    setLogoutError(null);
    try {
      await logout();
    } catch (error) {
      setLogoutError(error);
    }
  }

  // One socket for the whole console: presence stays online whichever section is open.
  return (
    <StaffSocketProvider>
      <AlertsWatcher />
      <ChatWatcher />
      <div className="console">
        <header className="console-header">
          <button
            type="button"
            className="button button-ghost menu-toggle"
            onClick={() => setMenuOpen((open) => !open)}
            aria-expanded={menuOpen}
            aria-controls="console-nav"
            data-testid="menu-toggle"
          >
            {t('console.menu')}
          </button>
          <div className="brand">{t('app.title')}</div>
          <div className="header-user">
            <span className="user-name" data-testid="current-user">
              {user.displayName}
            </span>
            <span className="user-roles" data-testid="current-roles">
              {user.roles.map((role) => (
                <span key={role} className="role-tag">
                  {t(`roles.${role}`)}
                </span>
              ))}
            </span>
            <SoundToggle />
            <NotificationBell />
            <LanguageSwitch />
            <button type="button" className="button button-ghost" onClick={() => void onLogout()} data-testid="logout">
              {t('auth.logout')}
            </button>
          </div>
        </header>
        <div className="console-body">
          <nav id="console-nav" className={menuOpen ? 'console-nav open' : 'console-nav'} aria-label={t('console.nav')} data-testid="console-nav">
            <ul>
              {sections.map((section) => (
                <li key={section}>
                  <NavLink to={sectionPath(section)} data-testid={`nav-${section}`} onClick={() => setMenuOpen(false)}>
                    {t(`sections.${section}`)}
                    {(waiting[section] ?? 0) > 0 ? (
                      <span className="nav-count" data-testid={`nav-${section}-count`}>
                        {waiting[section]}
                      </span>
                    ) : null}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <main className="console-main">
            {logoutError ? <ApiErrorMessage error={logoutError} /> : null}
            <Outlet />
          </main>
        </div>
      </div>
    </StaffSocketProvider>
  );
}
