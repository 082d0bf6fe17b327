import { useTranslation } from 'react-i18next';
import { setMuted, useMuted } from '../../lib/attention.ts';

/** The header's sound switch for every attention signal (chat, printers' alerts); remembered in this browser. */
export function SoundToggle() {
  const { t } = useTranslation();
  const muted = useMuted();
  return (
    <button
      type="button"
      className="button button-ghost sound-toggle"
      aria-pressed={muted}
      onClick={() => setMuted(!muted)}
      title={muted ? t('console.soundOffHint') : t('console.soundOnHint')}
      data-testid="sound-toggle"
      data-muted={muted ? 'true' : 'false'}
    >
      {muted ? t('console.soundOff') : t('console.soundOn')}
    </button>
  );
}
