import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useStaffSocket } from '../../lib/socket.context.tsx';
import { useSessionUser } from '../auth/auth.context.tsx';
import { CannedRepliesEditor } from './CannedRepliesEditor.tsx';
import { ChatSettingsForm } from './ChatSettingsForm.tsx';
import { ChatWorkspace } from './ChatWorkspace.tsx';
import { focusOf } from './deep-link.ts';
import { HistorySearch } from './HistorySearch.tsx';

const TABS = ['workspace', 'history', 'canned', 'settings'] as const;
type Tab = (typeof TABS)[number];
const SUPERVISOR_TABS: readonly Tab[] = ['canned', 'settings'];

/** /console/chat — 在线接待: the workspace, history search and (supervisor) canned replies and settings. */
export function ChatPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const socket = useStaffSocket();
  const [params, setParams] = useSearchParams();
  const supervisor = user.roles.includes('supervisor');
  const tabs = TABS.filter((tab) => supervisor || !SUPERVISOR_TABS.includes(tab));
  const asked = params.get('tab');
  const tab: Tab = tabs.find((candidate) => candidate === asked) ?? 'workspace';
  const focus = focusOf(params);

  return (
    <div className="page chat-page">
      <nav className="tabs" aria-label={t('sections.chat')} data-testid="chat-tabs">
        {tabs.map((candidate) => (
          <button
            key={candidate}
            type="button"
            className={candidate === tab ? 'tab active' : 'tab'}
            aria-current={candidate === tab ? 'page' : undefined}
            onClick={() => setParams(candidate === 'workspace' ? {} : { tab: candidate })}
            data-testid={`chat-tab-${candidate}`}
          >
            {t(`chat.tabs.${candidate}`)}
          </button>
        ))}
      </nav>
      {tab === 'workspace' ? socket ? <ChatWorkspace socket={socket} user={user} focus={focus} /> : <p className="muted">{t('app.loading')}</p> : null}
      {tab === 'history' ? <HistorySearch user={user} /> : null}
      {tab === 'canned' ? <CannedRepliesEditor /> : null}
      {tab === 'settings' ? <ChatSettingsForm /> : null}
    </div>
  );
}
