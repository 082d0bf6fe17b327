import type { CannedReply, CannedStep } from '@kefu/shared/schemas/chat';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cannedGroupsOf, filterCanned, insertCanned, isUndoKey, slashQuery, stepOfShortcut, stepsOf } from './canned.ts';
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
 * The agent's reply box. Enter sends (Shift+Enter: new line). Canned replies: "/" at the
 * start filters them by what follows, Alt+1…5 opens a step of the agent's own group, the
 * button opens them all; ↑↓ and Enter pick one, which goes in at the cursor (a "/…" query is
 * replaced); Ctrl+Z right after brings the draft back as it was (issue 11).
 */
export function StaffComposer({ store, state, conversationId, draft, onDraft }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLTextAreaElement>(null);
  const [picker, setPicker] = useState<{ step: CannedStep | null; index: number } | null>(null);
  const query = slashQuery(draft.text);
  const open = picker !== null || query !== null;
  const step = picker?.step ?? null;
  // Each agent is offered their own role's group (pre-sale's flow, after-sale's scripts).
  const groups = cannedGroupsOf(store.user.roles);
  const steps = stepsOf(groups);
  const offered = open ? filterCanned(state.canned, step, query ?? '', groups) : [];
  const index = Math.min(picker?.index ?? 0, Math.max(0, offered.length - 1));



  // The draft before the last canned reply went in, while the text is still what it made.
  // (The browser's own undo does not know a text React put in.)
  const undo = useRef<{ before: Draft; selection: { start: number; end: number }; after: string } | null>(null);
  // Where the cursor goes once React has rendered the new text.
  const caret = useRef<{ start: number; end: number } | null>(null);
  useLayoutEffect(() => {
    if (!caret.current || !box.current) return;
    box.current.setSelectionRange(caret.current.start, caret.current.end);
    caret.current = null;
  });

  useEffect(() => {
    setPicker(null);
    undo.current = null;
    box.current?.focus();
  }, [conversationId]);

  function pick(reply: CannedReply) {
    const el = box.current;
    const selection = el ? { start: el.selectionStart, end: el.selectionEnd } : { start: draft.text.length, end: draft.text.length };
    const next = insertCanned(draft.text, selection, reply.text);
    undo.current = { before: draft, selection, after: next.text };
    caret.current = { start: next.caret, end: next.caret };
    onDraft({ text: next.text, cannedReplyId: reply.id });
    setPicker(null);
    el?.focus();
  }

  function send() {
    if (!draft.text.trim()) return;
    store.sendText(conversationId, draft.text, draft.cannedReplyId);
    undo.current = null;
    onDraft({ text: '', cannedReplyId: null });
    setPicker(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return; // the input method is still choosing characters
    if (isUndoKey(event) && undo.current && undo.current.after === draft.text) {
      event.preventDefault();
      const { before, selection } = undo.current;
      undo.current = null;
      caret.current = selection;
      onDraft(before);
      return;
    }
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
                title={`Alt+${i + 1}`}
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
