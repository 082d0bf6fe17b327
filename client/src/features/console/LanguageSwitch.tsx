import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../../lib/i18n.ts';

export function LanguageSwitch() {
  // useTranslation re-renders this control when the language changes.
  const { t } = useTranslation();
  const language = currentLanguage();
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
