import type { Project } from '../api/types.js';

/** Whose document the image page shows: one's own, a member's (?user=ID), or the gold reference. */
export function DocumentPicker({
  project,
  value,
  onChange,
}: {
  project: Project;
  value: string | undefined;
  onChange: (whose: string | undefined) => void;
}) {
  return (
    <label className="control">
      Document{' '}
      <select
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        data-testid="document-picker"
      >
        <option value="">mine</option>
        <option value="gold">gold reference</option>
        {(project.members ?? []).map((member) => (
          <option key={member.id} value={String(member.id)}>
            {member.name} ({member.role})
          </option>
        ))}
      </select>
    </label>
  );
}
