/** A bar for `value` in 0..1, with its label beside it. */
export function ProgressBar({ value, label, testId }: { value: number; label: string; testId?: string }) {
  const share = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0));
  return (
    <span className="progress" data-testid={testId} data-value={share.toFixed(3)}>
      <span className="progress-track">
        <span className="progress-fill" style={{ width: `${(100 * share).toFixed(1)}%` }} />
      </span>
      <span className="progress-label">{label}</span>
    </span>
  );
}
