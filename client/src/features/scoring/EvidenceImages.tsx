import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { attachEntryImage, entryImageUrl } from './scoring.api.ts';
import type { LedgerEntry } from './scoring.types.ts';

/** The images attached to an entry as evidence, each opening full size in a new tab. */
export function EvidenceImages({ entry }: { entry: LedgerEntry }) {
  const { t } = useTranslation();
  if (entry.images.length === 0) return null;
  return (
    <span className="evidence-images" data-testid={`evidence-images-${entry.id}`}>
      {entry.images.map((imageId, index) => {
        const url = entryImageUrl(entry.id, imageId);
        return (
          <a key={imageId} href={url} target="_blank" rel="noopener noreferrer" title={t('scoring.images.open')}>
            <img src={url} alt={t('scoring.images.alt', { n: index + 1, id: entry.id })} className="evidence-thumb" loading="lazy" />
          </a>
        );
      })}
    </span>
  );
}

/** The supervisor's "附图": picks a photo or screenshot and attaches it to the entry. */
export function AttachImage({ entry, onAttached }: { entry: LedgerEntry; onAttached(message: string): void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <span className="attach-image">
      <button type="button" className="button button-small" disabled={busy} onClick={() => input.current?.click()} data-testid={`attach-image-${entry.id}`}>
        {busy ? t('scoring.images.uploading') : t('scoring.images.attach')}
      </button>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        hidden
        data-testid={`attach-image-file-${entry.id}`}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (!file) return;
          setBusy(true);
          setError(null);
          attachEntryImage(entry.id, file).then(
            () => {
              setBusy(false);
              onAttached(t('scoring.images.attached', { id: entry.id }));
            },
            (caught: unknown) => {
              setBusy(false);
              setError(caught);
            },
          );
        }}
      />
      {error ? <ApiErrorMessage error={error} testId={`attach-image-error-${entry.id}`} /> : null}
    </span>
  );
}
