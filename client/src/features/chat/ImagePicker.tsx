import type { ImageType } from '@kefu/shared/schemas/chat';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkImageFile, IMAGE_ACCEPT } from './image-file.ts';

interface Chosen {
  file: File;
  mime: ImageType;
  url: string;
}

/**
 * The photo button of a composer: picks a file, checks it as the server will (type from
 * the bytes, ≤ 5 MB), shows a preview and sends it only when confirmed.
 */
export function ImagePicker({ disabled, onSend, testIdPrefix }: { disabled?: boolean; onSend(file: File, mime: ImageType): void; testIdPrefix: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => () => void (chosen && URL.revokeObjectURL(chosen.url)), [chosen]);

  async function onPick(file: File | undefined) {
    if (input.current) input.current.value = ''; // the same file may be picked again
    setProblem(null);
    if (!file) return;
    const check = await checkImageFile(file);
    if (!check.ok) return setProblem(t(`chat.image.${check.problem}`));
    setChosen({ file, mime: check.mime, url: URL.createObjectURL(file) });
  }

  function send() {
    if (!chosen) return;
    onSend(chosen.file, chosen.mime);
    // The preview URL is revoked by the effect; the sender keeps its own.
    setChosen(null);
  }

  return (
    <>
      <label className={`button button-icon${disabled ? ' is-disabled' : ''}`} title={t('chat.image.attach')}>
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <circle cx="9" cy="10" r="2" />
          <path d="M21 17l-5-5-9 8" />
        </svg>
        <span className="visually-hidden">{t('chat.image.attach')}</span>
        <input
          ref={input}
          type="file"
          accept={IMAGE_ACCEPT}
          className="visually-hidden"
          disabled={disabled}
          onChange={(e) => void onPick(e.target.files?.[0])}
          data-testid={`${testIdPrefix}-image-input`}
        />
      </label>
      {problem ? (
        <div className="image-problem notice notice-error" role="alert" data-testid={`${testIdPrefix}-image-problem`}>
          {problem}
          <button type="button" className="link-button" onClick={() => setProblem(null)}>
            {t('chat.image.dismiss')}
          </button>
        </div>
      ) : null}
      {chosen ? (
        <div className="image-confirm" role="dialog" aria-label={t('chat.image.previewTitle')} data-testid={`${testIdPrefix}-image-preview`}>
          <img src={chosen.url} alt={t('chat.image.alt')} />
          <div className="image-confirm-actions">
            <span className="small muted">{t('chat.image.previewTitle')}</span>
            <button type="button" className="button button-primary" onClick={send} data-testid={`${testIdPrefix}-image-send`}>
              {t('chat.image.send')}
            </button>
            <button type="button" className="button" onClick={() => setChosen(null)}>
              {t('chat.image.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
