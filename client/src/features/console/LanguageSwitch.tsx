import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../../lib/i18n.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  // Read through i18n so the control re-renders when the language changes.
  const language = i18n.language ? currentLanguage() : 'zh-CN';
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('language.label')}</span>
      <select
        value={language}
        onChange={(e) => void changeLanguage(e.target.value as Language)}
        aria-label={t('language.label')}
        data-testid="language-switch"
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng}>
            {LANGUAGE_NAMES[lng]}
          </option>
        ))}
      </select>
    </label>
  );
}
