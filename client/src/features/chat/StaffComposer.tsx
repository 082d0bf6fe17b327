import type { CannedReply, CannedStep } from '@kefu/shared/schemas/chat';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cannedGroupsOf, filterCanned, slashQuery, stepOfShortcut, stepsOf } from './canned.ts';
import type { Draft } from './ChatWorkspace.tsx';
import { ImagePicker } from './ImagePicker.tsx';
import type { WorkspaceState, WorkspaceStore } from './workspace.store.ts';

interface Props {
  store: WorkspaceStore;
  state: WorkspaceState;
  conversationId: number;
  draft: Draft;
  onDraft(draft: Draft): void;
}

/**
 * The agent's reply box. Enter sends (Shift+Enter: new line). Canned replies of the agent's
 * own group (pre-sale's flow, after-sale's scripts): "/" at the start filters them by what
 * follows, Alt+1…5 opens a step of the group, the button opens them all; ↑↓ and Enter pick
 * one, which replaces the text.
 */
export function StaffComposer({ store, state, conversationId, draft, onDraft }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLTextAreaElement>(null);
  const [picker, setPicker] = useState<{ step: CannedStep | null; index: number } | null>(null);
  const query = slashQuery(draft.text);
  const open = picker !== null || query !== null;
  const step = picker?.step ?? null;
  const groups = cannedGroupsOf(store.user.roles);
  const steps = stepsOf(groups);
  const offered = open ? filterCanned(state.canned, step, query ?? '', groups) : [];
  const index = Math.min(picker?.index ?? 0, Math.max(0, offered.length - 1));

  useEffect(() => {
    setPicker(null);
    box.current?.focus();
  }, [conversationId]);

  function pick(reply: CannedReply) {
    onDraft({ text: reply.text, cannedReplyId: reply.id });
    setPicker(null);
    box.current?.focus();
  }

  function send() {
    if (!draft.text.trim()) return;
    store.sendText(conversationId, draft.text, draft.cannedReplyId);
    onDraft({ text: '', cannedReplyId: null });
    setPicker(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return; // the input method is still choosing characters
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const shortcut = stepOfShortcut(event.code, steps);
      if (shortcut) {
        event.preventDefault();
        setPicker({ step: shortcut, index: 0 });
        return;
      }
    }
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const delta = event.key === 'ArrowDown' ? 1 : -1;
        setPicker({ step, index: (index + delta + offered.length) % Math.max(1, offered.length) });
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setPicker(null);
        if (query !== null) onDraft({ text: '', cannedReplyId: null });
        return;
      }
      if (event.key === 'Enter' && !event.shiftKey && offered[index]) {
        event.preventDefault();
        pick(offered[index]);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  }

  return (
    <div className="staff-composer">
      {open ? (
        <div className="canned-picker" role="listbox" aria-label={t('chat.picker.title')} data-testid="canned-picker">
          <div className="canned-steps">
            <button type="button" className={step === null ? 'chip chip-active' : 'chip'} onClick={() => setPicker({ step: null, index: 0 })}>
              {t('chat.picker.all')}
            </button>
            {steps.map((s, i) => (
              <button
                key={s}
                type="button"
                className={step === s ? 'chip chip-active' : 'chip'}
                onClick={() => setPicker({ step: s, index: 0 })}
                title={i < 9 ? `Alt+${i + 1}` : undefined}
                data-testid={`canned-step-${s}`}
              >
                {i + 1}. {t(`chat.steps.${s}`)}
              </button>
            ))}
          </div>
          {offered.length === 0 ? <p className="muted small">{t('chat.picker.empty')}</p> : null}
          <ul>
            {offered.map((reply, i) => (
              <li key={reply.id}>
                <button
                  type="button"
                  role="option"
                  aria-selected={i === index}
                  className={i === index ? 'canned-option canned-option-active' : 'canned-option'}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(reply)}
                  data-testid={`canned-option-${reply.id}`}
                >
                  <span className="canned-option-title">
                    [{t(`chat.steps.${reply.step}`)}] {reply.title}
                  </span>
                  <span className="canned-option-text muted small">{reply.text}</span>
                </button>
              </li>
            ))}
          </ul>
          <p className="muted small">{t('chat.picker.hint')}</p>
        </div>
      ) : null}
      {draft.cannedReplyId !== null ? (
        <div className="small muted" data-testid="canned-used">
          {t('chat.view.cannedUsed', { title: state.canned.find((r) => r.id === draft.cannedReplyId)?.title ?? '' })}
        </div>
      ) : null}
      <div className="composer">
        <ImagePicker testIdPrefix="staff" onSend={(file, mime) => store.sendImage(conversationId, file, mime)} />
        <button
          type="button"
          className="button button-icon"
          title={t('chat.view.canned')}
          onClick={() => setPicker(open ? null : { step: null, index: 0 })}
          aria-expanded={open}
          data-testid="canned-toggle"
        >
          {t('chat.view.canned')}
        </button>
        <textarea
          ref={box}
          rows={3}
          maxLength={2000}
          value={draft.text}
          placeholder={t('chat.view.placeholder')}
          aria-label={t('chat.view.placeholder')}
          onChange={(e) => {
            const text = e.target.value;
            onDraft({ text, cannedReplyId: text.trim() ? draft.cannedReplyId : null });
            if (slashQuery(text) === null) {
              // Typing a reply of one's own closes a picker opened by Alt or the button.
              setPicker(null);
              store.typing(conversationId);
            }
          }}
          onKeyDown={onKeyDown}
          data-testid="staff-input"
        />
        <button type="button" className="button button-primary" onClick={send} disabled={!draft.text.trim()} data-testid="staff-send">
          {t('chat.view.send')}
        </button>
      </div>
    </div>
  );
}
