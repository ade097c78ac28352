import type { QaAlert } from '../api/types.js';

/** The classes the averages hide, worst first, for the batch and each annotator: shown before any number. */
export function AlertList({ groups }: { groups: ReadonlyArray<{ who: string; alerts: readonly QaAlert[] }> }) {
  const total = groups.reduce((n, g) => n + g.alerts.length, 0);
  if (total === 0) {
    return (
      <div className="alerts none" data-testid="qa-alerts" data-count={0}>
        No alerts: no class scores far below the others or under 0.5.
      </div>
    );
  }
  return (
    <div className="alerts" data-testid="qa-alerts" data-count={total}>
      <strong>Alerts ({total})</strong>
      {groups
        .filter((g) => g.alerts.length > 0)
        .map((g) => (
          <div key={g.who}>
            <div className="alerts-who">{g.who}</div>
            <ul>
              {g.alerts.map((alert) => (
                <li key={alert.id} data-testid="qa-alert">
                  {alert.message}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}
