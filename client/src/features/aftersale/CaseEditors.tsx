import type { ChatMessage } from '@kefu/shared/schemas/chat';
import type { AfterSaleCase, CaseDetail } from '@kefu/shared/schemas/aftersale';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { fenToYuanInput, parseYuanToFen } from '../../lib/money.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { buyerPhotos, caseChatMessages, chatImageUrl, runCaseAction, updateCase } from './aftersale.api.ts';

/**
 * The case page's three edits (issue 10): tick a checklist item linked to the chat message that
 * said it (A05–A07), add photos picked from this buyer's chat (A04), edit the registry's
 * details. Each opens a small form; the server's refusals show via FormErrors; on success the
 * case reloads.
 */

/** A step's small form behind its button: the shell every case form shares (steps, ticks, photos, details). */
export function EditorShell({ id, title, open, setOpen, busy, problem, error, onSubmit, children }: { id: string; title: string; open: boolean; setOpen(v: boolean): void; busy: boolean; problem: string | null; error: unknown; onSubmit(e: FormEvent<HTMLFormElement>): void; children: ReactNode }) {
  const { t } = useTranslation();
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid={`case-action-${id}`}>
        {title}
      </button>
    );
  }
  return (
    <form className="panel case-step-form" onSubmit={onSubmit} data-testid={`case-form-${id}`}>
      <strong>{title}</strong>
      {children}
      <FormErrors problem={problem} error={error} testId={`case-form-${id}-error`} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid={`case-form-${id}-submit`}>
          {busy ? t('aftersale.actions.saving') : t('aftersale.actions.confirm')}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)} disabled={busy}>
          {t('aftersale.close.back')}
        </button>
      </div>
    </form>
  );
}

function useEditor(onDone: () => void) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(run: () => Promise<unknown>) {
    setError(null);
    setProblem(null);
    setBusy(true);
    try {
      await run();
      setOpen(false);
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return { open, setOpen, busy, error, problem, setProblem, submit };
}

/** Tick one checklist item: the agent picks the chat message (of the case's linked chat) that said it. */
export function TickEditor({ c, item, onDone }: { c: AfterSaleCase; item: string; onDone(): void }) {
  const { t } = useTranslation();
  const editor = useEditor(onDone);
  const [messages, setMessages] = useState<ChatMessage[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [messageId, setMessageId] = useState('');
  const id = `tick-${item}`;
  useEffect(() => {
    if (!editor.open || c.conversationId === null) return;
    let cancelled = false;
    caseChatMessages(c.conversationId).then(
      (page) => {
        if (cancelled) return;
        const withText = page.messages.filter((m) => m.kind === 'text' && m.text !== null && m.text !== '');
        setMessages(withText);
        // The newest message of the agent is the likeliest to have said it.
        const last = [...withText].reverse().find((m) => m.sender === 'staff') ?? withText[withText.length - 1];
        setMessageId(last ? String(last.id) : '');
      },
      (caught: unknown) => !cancelled && setLoadError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [editor.open, c.conversationId]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!messageId) return editor.setProblem(t('aftersale.edit.pickMessage'));
    void editor.submit(() => runCaseAction(c.id, { kind: 'ticks', body: { version: c.version, item, messageId: Number(messageId) } }));
  }

  return (
    <EditorShell id={id} title={t('aftersale.edit.tick')} {...editor} error={editor.error ?? loadError} onSubmit={onSubmit}>
      {c.conversationId === null ? (
        <p className="muted small">{t('aftersale.edit.noChat')}</p>
      ) : messages === null ? (
        <p className="muted small">{t('aftersale.edit.loadingChat')}</p>
      ) : messages.length === 0 ? (
        <p className="muted small">{t('aftersale.edit.noMessages')}</p>
      ) : (
        <label className="field">
          <span>{t('aftersale.edit.message')}</span>
          <select value={messageId} onChange={(e) => setMessageId(e.target.value)} data-testid={`case-form-${id}-message`}>
            {messages.map((m) => (
              <option key={m.id} value={m.id}>
                {`${formatShopDateTime(m.createdAt)} ${m.sender === 'buyer' ? t('aftersale.edit.fromBuyer') : t('aftersale.edit.fromStaff')}：${(m.text ?? '').slice(0, 60)}`}
              </option>
            ))}
          </select>
        </label>
      )}
    </EditorShell>
  );
}

/** Add photos later: picked from the pictures this buyer sent in their chats (those not on the case yet). */
export function PhotosEditor({ detail, onDone }: { detail: CaseDetail; onDone(): void }) {
  const { t } = useTranslation();
  const c = detail.case;
  const editor = useEditor(onDone);
  const [photos, setPhotos] = useState<Array<{ imageId: string; sentAt: string }> | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [picked, setPicked] = useState<string[]>([]);
  // Keyed by the ids, not the array: a live reload of the case must not reset what is picked.
  const had = detail.photos.map((p) => p.imageId).join(',');
  useEffect(() => {
    if (!editor.open) return;
    let cancelled = false;
    const onCase = new Set(had.split(','));
    buyerPhotos(c.buyerId).then(
      (loaded) => !cancelled && setPhotos(loaded.photos.filter((p) => !onCase.has(p.imageId))),
      (caught: unknown) => !cancelled && setLoadError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [editor.open, c.buyerId, had]);
  useEffect(() => {
    if (editor.open) setPicked([]);
  }, [editor.open]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (picked.length === 0) return editor.setProblem(t('aftersale.edit.pickPhoto'));
    void editor.submit(() => runCaseAction(c.id, { kind: 'photos', body: { version: c.version, imageIds: picked } }));
  }

  return (
    <EditorShell id="photos" title={t('aftersale.edit.addPhotos')} {...editor} error={editor.error ?? loadError} onSubmit={onSubmit}>
      {photos === null ? (
        <p className="muted small">{t('aftersale.edit.loadingChat')}</p>
      ) : photos.length === 0 ? (
        <p className="muted small">{t('aftersale.edit.noNewPhotos')}</p>
      ) : (
        <div className="case-photos" data-testid="case-form-photos-picker">
          {photos.map((photo) => (
            <label key={photo.imageId} className={picked.includes(photo.imageId) ? 'case-photo case-photo-picked' : 'case-photo'}>
              <input
                type="checkbox"
                checked={picked.includes(photo.imageId)}
                onChange={(e) => setPicked(e.target.checked ? [...picked, photo.imageId] : picked.filter((x) => x !== photo.imageId))}
                data-testid={`case-form-photos-${photo.imageId}`}
              />
              <img src={chatImageUrl(photo.imageId)} alt={t('aftersale.detail.photoAlt', { at: formatShopDateTime(photo.sentAt) })} loading="lazy" />
            </label>
          ))}
        </div>
      )}
    </EditorShell>
  );
}

type Payer = '' | 'buyer' | 'shop';

/** Edit the registry's details; only what changed is sent (the server checks the postage rules A02–A04 as they will be). */
export function DetailsEditor({ c, onDone }: { c: AfterSaleCase; onDone(): void }) {
  const { t } = useTranslation();
  const editor = useEditor(onDone);
  const initial = () => ({
    reason: c.reason,
    quality: c.quality,
    qualityLocation: c.qualityLocation ?? '',
    liningInsole: c.liningInsole,
    returnPostagePayer: (c.returnPostagePayer ?? '') as Payer,
    resendPostagePayer: (c.resendPostagePayer ?? '') as Payer,
    wantedColor: c.wantedColor ?? '',
    wantedSize: c.wantedSize ?? '',
    postage: c.postageAdvancedFen ? fenToYuanInput(c.postageAdvancedFen) : '',
  });
  const [v, setV] = useState(initial);
  useEffect(() => {
    if (editor.open) setV(initial());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor.open]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const was = initial();
    const changes: Record<string, unknown> = {};
    const text = (key: 'reason' | 'qualityLocation' | 'wantedColor' | 'wantedSize') => {
      const now = v[key].trim();
      if (now !== was[key].trim() && now !== '') changes[key] = now;
    };
    text('reason');
    text('qualityLocation');
    text('wantedColor');
    text('wantedSize');
    if (v.quality !== was.quality) changes.quality = v.quality;
    if (v.liningInsole !== was.liningInsole) changes.liningInsole = v.liningInsole;
    if (v.returnPostagePayer && v.returnPostagePayer !== was.returnPostagePayer) changes.returnPostagePayer = v.returnPostagePayer;
    if (v.resendPostagePayer && v.resendPostagePayer !== was.resendPostagePayer) changes.resendPostagePayer = v.resendPostagePayer;
    if (v.postage.trim() !== was.postage) {
      const fen = v.postage.trim() ? parseYuanToFen(v.postage) : null;
      if (fen === null) return editor.setProblem(t('aftersale.form.problems.postageInvalid'));
      changes.postageAdvancedFen = fen;
    }
    if (Object.keys(changes).length === 0) return editor.setProblem(t('aftersale.edit.nothingChanged'));
    void editor.submit(() => updateCase(c.id, { version: c.version, ...changes }));
  }

  const input = (key: 'reason' | 'qualityLocation' | 'wantedColor' | 'wantedSize', label: string, max: number) => (
    <label className="field">
      <span>{label}</span>
      <input maxLength={max} value={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.value })} data-testid={`case-form-details-${key}`} />
    </label>
  );
  const payer = (key: 'returnPostagePayer' | 'resendPostagePayer', label: string) => (
    <label className="field">
      <span>{label}</span>
      <select value={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.value as Payer })} data-testid={`case-form-details-${key}`}>
        <option value="" disabled={v[key] !== ''}>
          —
        </option>
        <option value="buyer">{t('aftersale.payer.buyer')}</option>
        <option value="shop">{t('aftersale.payer.shop')}</option>
      </select>
    </label>
  );
  const check = (key: 'quality' | 'liningInsole', label: string) => (
    <label className="field field-inline">
      <input type="checkbox" checked={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.checked })} data-testid={`case-form-details-${key}`} />
      <span>{label}</span>
    </label>
  );

  return (
    <EditorShell id="details" title={t('aftersale.edit.details')} {...editor} onSubmit={onSubmit}>
      {input('reason', t('aftersale.detail.reason'), 500)}
      {check('quality', t('aftersale.detail.quality'))}
      {input('qualityLocation', t('aftersale.detail.location'), 200)}
      {check('liningInsole', t('aftersale.detail.liningInsole'))}
      {payer('returnPostagePayer', `${t('aftersale.detail.postage')} · ${t('aftersale.detail.returnLeg')}`)}
      {payer('resendPostagePayer', `${t('aftersale.detail.postage')} · ${t('aftersale.detail.resendLeg')}`)}
      {input('wantedColor', `${t('aftersale.detail.wanted')} · ${t('aftersale.edit.colour')}`, 30)}
      {input('wantedSize', `${t('aftersale.detail.wanted')} · ${t('aftersale.edit.size')}`, 20)}
      <label className="field">
        <span>{t('aftersale.detail.advanced')}</span>
        <input inputMode="decimal" maxLength={10} placeholder="12.00" value={v.postage} onChange={(e) => setV({ ...v, postage: e.target.value })} data-testid="case-form-details-postage" />
      </label>
    </EditorShell>
  );
}
