import type { ReactNode } from 'react';

/**
 * A section page's head: its title, the button that opens and closes its "new …" form (for
 * those allowed to use it), and what the last action did.
 */
export function PageHeader({
  title,
  form,
  notice,
}: {
  title: string;
  form?: { open: boolean; onToggle(): void; openLabel: string; closeLabel: string; testId: string } | null;
  notice?: { text: string | null; testId: string };
}) {
  return (
    <>
      <div className="page-title-row">
        <h1>{title}</h1>
        {form ? (
          <button type="button" className={form.open ? 'button' : 'button button-primary'} aria-expanded={form.open} onClick={form.onToggle} data-testid={form.testId}>
            {form.open ? form.closeLabel : form.openLabel}
          </button>
        ) : null}
      </div>
      {notice?.text ? <Notice testId={notice.testId}>{notice.text}</Notice> : null}
    </>
  );
}

/** What an action did ("saved", "opened case #3"), announced to screen readers. */
export function Notice({ children, testId, className }: { children: ReactNode; testId?: string; className?: string }) {
  return (
    <div className={`notice notice-success${className ? ` ${className}` : ''}`} role="status" data-testid={testId}>
      {children}
    </div>
  );
}
