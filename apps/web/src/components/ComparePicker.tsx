import type { Project } from '../api/types.js';

/** Which document the shown one is compared with on the review page: none, gold, or a member's. */
export function ComparePicker({
  project,
  value,
  exclude,
  onChange,
}: {
  project: Project;
  value: string | undefined;
  /** The document shown (not offered as its own comparison). */
  exclude: string | undefined;
  onChange: (against: string | undefined) => void;
}) {
  return (
    <label className="control">
      Compare with{' '}
      <select
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        data-testid="compare-picker"
      >
        <option value="">nothing</option>
        {exclude !== 'gold' && <option value="gold">gold reference</option>}
        {(project.members ?? [])
          .filter((member) => String(member.id) !== exclude)
          .map((member) => (
            <option key={member.id} value={String(member.id)}>
              {member.name} ({member.role})
            </option>
          ))}
      </select>
    </label>
  );
}
