import { CHAT_ROLES, type ChatRole, type ConversationSummary } from '@kefu/shared/schemas/chat';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import type { WorkspaceState, WorkspaceStore } from './workspace.store.ts';

/**
 * Hands the chat to a colleague (online or away, with room: the server checks) or to a
 * team (routed like a new chat), or to the supervisor (issue 11). The note goes to staff
 * only; the buyer never sees it.
 */
export function TransferDialog(props: { store: WorkspaceStore; state: WorkspaceState; summary: ConversationSummary; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { store, state, summary } = props;
  const [mode, setMode] = useState<'agent' | 'role' | 'supervisor'>('agent');
  const [agentId, setAgentId] = useState('');
  const [role, setRole] = useState<ChatRole>(summary.role === 'presale' ? 'aftersale' : 'presale');
  const [note, setNote] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const agents = state.presence.filter(
    (p) => p.staffId !== summary.agentId && p.status !== 'offline' && p.roles.some((r) => (CHAT_ROLES as readonly string[]).includes(r)),
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    if (mode === 'agent' && !agentId) return setProblem(t('chat.transfer.agentRequired'));
    setSubmitting(true);
    try {
      await store.transfer(summary.id, mode === 'agent' ? { toAgentId: Number(agentId) } : mode === 'role' ? { toRole: role } : { toSupervisor: true }, note.trim());
      props.onDone();
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  return (
    <form className="transfer-dialog panel" onSubmit={onSubmit} aria-labelledby="transfer-title" data-testid="transfer-dialog">
      <h2 id="transfer-title">{t('chat.transfer.title')}</h2>
      <FormErrors problem={problem} error={error} testId="transfer-error" />
      <div className="segmented">
        <button type="button" className={mode === 'agent' ? 'segment segment-active' : 'segment'} onClick={() => setMode('agent')} data-testid="transfer-mode-agent">
          {t('chat.transfer.toAgent')}
        </button>
        <button type="button" className={mode === 'role' ? 'segment segment-active' : 'segment'} onClick={() => setMode('role')} data-testid="transfer-mode-role">
          {t('chat.transfer.toRole')}
        </button>
        {!store.isSupervisor ? (
          <button type="button" className={mode === 'supervisor' ? 'segment segment-active' : 'segment'} onClick={() => setMode('supervisor')} data-testid="transfer-mode-supervisor">
            {t('chat.transfer.toSupervisor')}
          </button>
        ) : null}
      </div>
      {mode === 'agent' ? (
        <label className="field">
          <span>{t('chat.transfer.toAgent')}</span>
          <select value={agentId} onChange={(e) => setAgentId(e.target.value)} data-testid="transfer-agent">
            <option value="">{t('chat.transfer.chooseAgent')}</option>
            {agents.map((agent) => (
              <option key={agent.staffId} value={agent.staffId}>
                {t('chat.transfer.agentOption', { name: agent.displayName, status: t(`chat.presence.${agent.status}`), count: agent.openCount })}
              </option>
            ))}
          </select>
        </label>
      ) : mode === 'supervisor' ? (
        <p className="muted small" data-testid="transfer-supervisor-hint">
          {t('chat.transfer.supervisorHint')}
        </p>
      ) : (
        <label className="field">
          <span>{t('chat.transfer.toRole')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as ChatRole)} data-testid="transfer-role">
            {CHAT_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>{t('chat.transfer.note')}</span>
        <textarea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('chat.transfer.notePlaceholder')} data-testid="transfer-note" />
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submitting} data-testid="transfer-submit">
          {submitting ? t('chat.transfer.submitting') : t('chat.transfer.submit')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('chat.transfer.cancel')}
        </button>
      </div>
    </form>
  );
}
