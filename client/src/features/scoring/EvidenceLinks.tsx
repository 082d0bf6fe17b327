import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { evidenceTarget } from './evidence.ts';
import type { EvidenceLink } from './scoring.types.ts';

/** The records behind an entry, each a link that opens the record itself (evidence.ts). */
export function EvidenceLinks({ evidence }: { evidence: readonly EvidenceLink[] }) {
  const { t } = useTranslation();
  if (evidence.length === 0) return <span className="muted">—</span>;
  return (
    <span className="evidence-links">
      {evidence.map((link) => {
        const key = `${link.kind}:${link.id}`;
        const label = `${t(`scoring.evidence.${link.kind}`)} #${link.id}`;
        const target = evidenceTarget(link);
        if (target.kind === 'page') {
          return (
            <Link key={key} to={target.href} className="evidence-link" data-testid="evidence-link" data-kind={link.kind}>
              {label}
            </Link>
          );
        }
        return (
          <span key={key} className="evidence-link" data-testid="evidence-link" data-kind={link.kind}>
            {label}
            {target.kind === 'unavailable' ? <span className="muted small"> （{t('scoring.evidence.notYetOpen')}）</span> : null}
          </span>
        );
      })}
    </span>
  );
}
