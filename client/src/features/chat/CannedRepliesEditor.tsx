import { CANNED_GROUP_NAMES, CANNED_GROUPS, cannedGroupOf, type CannedReply, type CannedStep } from '@kefu/shared/schemas/chat';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { groupCanned } from './canned.ts';
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from './chat.api.ts';
import { Notice } from '../../lib/PageHeader.tsx';

/** The supervisor's canned replies, one group per role: pre-sale's five steps (欢迎语…收藏店铺), after-sale's scripts. */
export function CannedRepliesEditor() {
  const { t } = useTranslation();
  const [replies, setReplies] = useState<CannedReply[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    setLoadError(null);
    listCannedReplies().then(setReplies, setLoadError);
  }, []);
  useEffect(load, [load]);

  return (
    <div className="canned-editor" data-testid="canned-editor">
      <h1>{t('chat.cannedEditor.title')}</h1>
      <p className="muted">{t('chat.cannedEditor.hint')}</p>
      {notice ? (
        <Notice testId="canned-notice">
          {notice}
        </Notice>
      ) : null}
      {loadError ? (
        <>
          <ApiErrorMessage error={loadError} />
          <button type="button" className="button" onClick={load}>
            {t('app.retry')}
          </button>
        </>
      ) : null}
      {replies === null && !loadError ? <p className="muted">{t('app.loading')}</p> : null}
      {replies !== null
        ? CANNED_GROUP_NAMES.map((group) => (
          <div key={group} className="canned-group" data-testid={`canned-role-${group}`}>
          <h2 className="canned-group-title">{t(`chat.cannedEditor.group_${group}`)}</h2>
          {groupCanned(replies, group).map(({ step, replies: ofStep }, i) => (
            <section key={step} className="panel" data-testid={`canned-group-${step}`}>
              <h3>
                {i + 1}. {t(`chat.steps.${step}`)} <span className="muted small">{t('chat.cannedEditor.shortcut', { n: i + 1 })}</span>
              </h3>
              {ofStep.length === 0 ? <p className="muted small">{t('chat.cannedEditor.empty')}</p> : null}
              <ul className="canned-list">
                {ofStep.map((reply) => (
                  <CannedRow
                    key={reply.id}
                    reply={reply}
                    onSaved={(saved) => {
                      setReplies((list) => (list ?? []).map((r) => (r.id === saved.id ? saved : r)));
                      setNotice(t('chat.cannedEditor.saved'));
                    }}
                    onDeleted={() => {
                      setReplies((list) => (list ?? []).filter((r) => r.id !== reply.id));
                      setNotice(t('chat.cannedEditor.deleted'));
                    }}
                    onConflict={load}
                  />
                ))}
              </ul>
              <CannedForm
                step={step}
                onSaved={(created) => {
                  setReplies((list) => [...(list ?? []), created]);
                  setNotice(t('chat.cannedEditor.created', { title: created.title }));
                }}
              />
            </section>
          ))}
          </div>
        ))
        : null}
    </div>
  );
}

function CannedRow({ reply, onSaved, onDeleted, onConflict }: { reply: CannedReply; onSaved(r: CannedReply): void; onDeleted(): void; onConflict(): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    if (!window.confirm(t('chat.cannedEditor.confirmDelete', { title: reply.title }))) return;
    setBusy(true);
    setError(null);
    try {
      await deleteCannedReply(reply.id);
      onDeleted();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  if (editing) {
    return (
      <li>
        <CannedForm
          step={reply.step}
          reply={reply}
          onSaved={(saved) => {
            setEditing(false);
            onSaved(saved);
          }}
          onCancel={() => setEditing(false)}
          onConflict={onConflict}
        />
      </li>
    );
  }
  return (
    <li className="canned-row" data-testid={`canned-row-${reply.id}`}>
      <div>
        <strong>{reply.title}</strong> <span className="muted small">#{reply.position}</span>
        <div className="canned-text">{reply.text}</div>
        {error ? <ApiErrorMessage error={error} /> : null}
      </div>
      <div className="row-actions">
        <button type="button" className="button button-small" onClick={() => setEditing(true)} data-testid={`canned-edit-${reply.id}`}>
          {t('chat.cannedEditor.edit')}
        </button>
        <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => void remove()} data-testid={`canned-delete-${reply.id}`}>
          {t('chat.cannedEditor.delete')}
        </button>
      </div>
    </li>
  );
}

/** A new reply of a step, or an edit of one (sending only what changed, with its version). */
function CannedForm(props: { step: CannedStep; reply?: CannedReply; onSaved(r: CannedReply): void; onCancel?(): void; onConflict?(): void }) {
  const { t } = useTranslation();
  const { reply } = props;
  const [open, setOpen] = useState(Boolean(reply));
  const [step, setStep] = useState<CannedStep>(reply?.step ?? props.step);
  const [title, setTitle] = useState(reply?.title ?? '');
  const [text, setText] = useState(reply?.text ?? '');
  const [position, setPosition] = useState(String(reply?.position ?? 0));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const pos = Number.parseInt(position, 10);
    try {
      if (reply) {
        const patch: { version: number; step?: CannedStep; title?: string; text?: string; position?: number } = { version: reply.version };
        if (step !== reply.step) patch.step = step;
        if (title.trim() !== reply.title) patch.title = title.trim();
        if (text !== reply.text) patch.text = text;
        if (Number.isInteger(pos) && pos !== reply.position) patch.position = pos;
        if (Object.keys(patch).length === 1) return props.onCancel?.();
        props.onSaved(await updateCannedReply(reply.id, patch));
      } else {
        props.onSaved(await createCannedReply({ step, title: title.trim(), text, ...(Number.isInteger(pos) ? { position: pos } : {}) }));
        setTitle('');
        setText('');
        setOpen(false);
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button button-small" onClick={() => setOpen(true)} data-testid={`canned-add-${props.step}`}>
        + {t('chat.cannedEditor.add')}
      </button>
    );
  }
  const prefix = reply ? `canned-form-${reply.id}` : `canned-form-${props.step}`;
  return (
    <form className="canned-form" onSubmit={onSubmit} data-testid={prefix}>
      {error ? <ApiErrorMessage error={error} testId={`${prefix}-error`} /> : null}
      <div className="form-grid">
        <label className="field">
          <span>{t('chat.cannedEditor.titleField')}</span>
          <input required maxLength={32} value={title} onChange={(e) => setTitle(e.target.value)} data-testid={`${prefix}-title`} />
        </label>
        <label className="field">
          <span>{t('chat.cannedEditor.step')}</span>
          <select value={step} onChange={(e) => setStep(e.target.value as CannedStep)}>
            {CANNED_GROUPS[cannedGroupOf(step)].map((s) => (
              <option key={s} value={s}>
                {t(`chat.steps.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('chat.cannedEditor.position')}</span>
          <input type="number" min={0} max={1000} value={position} onChange={(e) => setPosition(e.target.value)} />
        </label>
      </div>
      <label className="field">
        <span>{t('chat.cannedEditor.text')}</span>
        <textarea required rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} data-testid={`${prefix}-text`} />
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving} data-testid={`${prefix}-save`}>
          {saving ? t('chat.cannedEditor.saving') : t('chat.cannedEditor.save')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            if (props.onCancel) props.onCancel();
            else setOpen(false);
          }}
        >
          {t('chat.cannedEditor.cancel')}
        </button>
        {error && props.onConflict ? (
          <button type="button" className="button" onClick={props.onConflict}>
            {t('app.retry')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
