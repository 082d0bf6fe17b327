import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { evidenceHref } from './evidence.ts';
import type { EvidenceLink } from './scoring.types.ts';

/** The records behind an entry, each a link to where it lives in the console. */
export function EvidenceLinks({ evidence }: { evidence: readonly EvidenceLink[] }) {
  const { t } = useTranslation();
  if (evidence.length === 0) return <span className="muted">—</span>;
  return (
    <span className="evidence-links">
      {evidence.map((link) => {
        const label = `${t(`scoring.evidence.${link.kind}`)} #${link.id}`;
        const href = evidenceHref(link);
        return href ? (
          <Link key={`${link.kind}:${link.id}`} to={href} className="evidence-link" data-testid="evidence-link">
            {label}
          </Link>
        ) : (
          <span key={`${link.kind}:${link.id}`} className="evidence-link" data-testid="evidence-link">
            {label}
          </span>
        );
      })}
    </span>
  );
}
