import { PendingSurvey } from '@kefu/shared/schemas/satisfaction';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api.ts';

type State = { kind: 'loading' } | { kind: 'asking' } | { kind: 'done' } | { kind: 'none' };

/** The reasons the server gives for refusing a rating, each shown in the buyer's language. */
function refusal(error: unknown): 'already_rated' | 'survey_closed' | 'failed' {
  const reason = error instanceof ApiError ? (error.details as { reason?: string } | undefined)?.reason : undefined;
  return reason === 'already_rated' || reason === 'survey_closed' ? reason : 'failed';
}

/**
 * 满意度: shown under a closed chat while the server says its rating is still due (once per
 * conversation, up to 24 h after closing — also after the buyer left and came back).
 */
export function SurveyCard({ conversationId }: { conversationId: number }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<ReturnType<typeof refusal> | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.get('/api/buyer/survey').then(
      (answer) => {
        if (cancelled) return;
        const { survey } = PendingSurvey.parse(answer);
        setState(survey?.conversationId === conversationId ? { kind: 'asking' } : { kind: 'none' });
      },
      () => !cancelled && setState({ kind: 'none' }),
    );
    return () => {
      cancelled = true;
    };
  }, [conversationId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (score === null) return;
    setProblem(null);
    try {
      await api.post('/api/buyer/survey', { conversationId, score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      setState({ kind: 'done' });
    } catch (caught) {
      const reason = refusal(caught);
      setProblem(reason);
      if (reason !== 'failed') setState({ kind: 'none' });
    }
  }

  if (state.kind === 'done') return <p className="chat-system-note" data-testid="survey-thanks">{t('survey.thanks')}</p>;
  if (state.kind !== 'asking') return problem ? <p className="chat-system-note" role="alert">{t(`survey.${problem}`)}</p> : null;
  return (
    <form className="survey-card" onSubmit={submit} data-testid="survey">
      <strong>{t('survey.title')}</strong>
      <p className="muted">{t('survey.hint')}</p>
      <div className="survey-scores" role="radiogroup" aria-label={t('survey.title')}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={score === n}
            className={score !== null && n <= score ? 'survey-star survey-star-on' : 'survey-star'}
            title={t(`survey.score.${n as 1 | 2 | 3 | 4 | 5}`)}
            onClick={() => setScore(n)}
            data-testid={`survey-score-${n}`}
          >
            ★
          </button>
        ))}
        <span className="muted">{score === null ? '' : t(`survey.score.${score as 1 | 2 | 3 | 4 | 5}`)}</span>
      </div>
      <textarea rows={2} maxLength={500} value={comment} placeholder={t('survey.comment')} aria-label={t('survey.comment')} onChange={(e) => setComment(e.target.value)} data-testid="survey-comment" />
      {problem ? <p className="notice notice-error" role="alert">{t(`survey.${problem}`)}</p> : null}
      <button type="submit" className="button button-primary" disabled={score === null} data-testid="survey-submit">
        {t('survey.submit')}
      </button>
    </form>
  );
}
