/**
 * The pre-submit lint (@segkit/editor `Editor.lint`) over the current document: each finding a button that
 * zooms to its box. Run on demand (it walks every segment's runs), and again after edits while shown.
 */
import type { LintFinding } from '@segkit/editor';
import { useState } from 'react';
import type { EditorSession } from './load.js';

const LABELS: Record<LintFinding['kind'], string> = {
  unlabeled: 'unlabeled pixels',
  island: 'small island',
  sliver: 'sliver',
  empty: 'empty segment',
  hole: 'hole',
  overlap: 'overlap',
};

function runLint(session: EditorSession): LintFinding[] {
  return session.editor.lint();
}

export function LintPanel({
  session,
  version,
  onZoom,
}: {
  session: EditorSession;
  /** Bumped when the document's segments changed: findings shown are recomputed. */
  version: number;
  onZoom: (bbox: readonly [number, number, number, number]) => void;
}) {
  const [shown, setShown] = useState<{ version: number; session: EditorSession; findings: LintFinding[] } | null>(null);
  let findings = shown?.findings ?? null;
  if (shown !== null && (shown.version !== version || shown.session !== session)) {
    findings = runLint(session);
    setShown({ version, session, findings });
  }
  return (
    <section data-testid="lint">
      <h3>Check before submitting</h3>
      <button
        type="button"
        onClick={() => setShown({ version, session, findings: runLint(session) })}
        data-testid="lint-run"
      >
        Check
      </button>
      {findings !== null && findings.length === 0 && <p data-testid="lint-clean">No findings.</p>}
      {findings !== null && findings.length > 0 && (
        <ol className="lint-findings">
          {findings.map((finding, index) => (
            <li key={index}>
              <button
                type="button"
                onClick={() => onZoom(finding.bbox)}
                data-testid="lint-finding"
                data-kind={finding.kind}
              >
                {LABELS[finding.kind]}
                {finding.segmentId !== undefined ? ` #${finding.segmentId}` : ''} · {finding.pixels} px
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
