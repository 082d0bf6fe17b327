import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** A photo at full size over the page; Esc, the button or a click outside closes it. */
export function ImageLightbox({ url, onClose }: { url: string | null; onClose(): void }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!url) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [url, onClose]);
  if (!url) return null;
  return (
    <div className="lightbox" role="dialog" aria-modal="true" aria-label={t('chat.image.open')} onClick={onClose} data-testid="image-lightbox">
      <img src={url} alt={t('chat.image.alt')} onClick={(e) => e.stopPropagation()} />
      <button type="button" className="button lightbox-close" onClick={onClose}>
        {t('chat.image.close')}
      </button>
    </div>
  );
}
