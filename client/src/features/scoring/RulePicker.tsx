import type { Rule } from '@kefu/shared/domain/scoring/catalogue';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import { ruleTerms, ruleWording, searchRules } from './rules.ts';

/** The rule picker: type a code ("G05") or words ("投诉"); the rule's terms show as it is chosen. */
export function RulePicker({ value, onChange }: { value: Rule | null; onChange(rule: Rule | null): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [query, setQuery] = useState('');
  const listId = useId();
  const matches = useMemo(() => searchRules(query), [query]);

  if (value) {
    return (
      <div className="rule-chosen" data-testid="rule-chosen" data-rule={value.code}>
        <div>
          <span className="rule-code">{value.code}</span> {ruleWording(value, language)}
        </div>
        <div className="rule-terms" data-testid="rule-terms">
          {ruleTerms(value, language).map((term) => (
            <span key={term} className="tag">
              {term}
            </span>
          ))}
        </div>
        <button type="button" className="button button-small" onClick={() => onChange(null)} data-testid="rule-change">
          {t('scoring.form.changeRule')}
        </button>
      </div>
    );
  }

  return (
    <div className="rule-picker">
      {/* A search box over a list of buttons (not a listbox: its options may not hold buttons). */}
      <input
        type="search"
        aria-label={t('scoring.form.ruleSearch')}
        aria-controls={listId}
        value={query}
        placeholder={t('scoring.form.ruleSearch')}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // Enter takes the first match, so "G05⏎" is enough.
          if (e.key === 'Enter') {
            e.preventDefault();
            const [first] = matches;
            if (first) onChange(first);
          }
        }}
        data-testid="rule-search"
      />
      <ul className="rule-options" id={listId} aria-label={t('scoring.form.rule')}>
        {matches.length === 0 ? <li className="muted">{t('scoring.form.noRule')}</li> : null}
        {matches.map((rule) => (
          <li key={rule.code}>
            <button type="button" className="rule-option" onClick={() => onChange(rule)} data-testid={`rule-option-${rule.code}`}>
              <span className="rule-code">{rule.code}</span>
              <span className="rule-option-text">
                {ruleWording(rule, language)}
                <span className="muted small">{ruleTerms(rule, language).join('；')}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
