import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import type { Project, ProjectRole } from '../api/types.js';
import { ErrorNote } from './ErrorNote.js';

const ROLES: readonly ProjectRole[] = ['manager', 'annotator', 'reviewer'];

/** The project's members; managers set a user's role by user id (PUT members). */
export function MembersPanel({
  project,
  editable,
  onChanged,
}: {
  project: Project;
  editable: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<Error>();
  const setRole = async (userId: number, role: ProjectRole) => {
    setError(undefined);
    try {
      await api.put(`/api/projects/${project.id}/members/${userId}`, { role });
      onChanged();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void setRole(Number(form.get('userId')), String(form.get('role')) as ProjectRole);
  };
  return (
    <>
      <table data-testid="members">
        <thead>
          <tr>
            <th>id</th>
            <th>name</th>
            <th>email</th>
            <th>role</th>
          </tr>
        </thead>
        <tbody>
          {(project.members ?? []).map((member) => (
            <tr key={member.id}>
              <td>{member.id}</td>
              <td>{member.name}</td>
              <td>{member.email}</td>
              <td>
                {editable ? (
                  <select
                    value={member.role}
                    onChange={(e) => void setRole(member.id, e.target.value as ProjectRole)}
                    aria-label={`role of ${member.name}`}
                  >
                    {ROLES.map((role) => (
                      <option key={role}>{role}</option>
                    ))}
                  </select>
                ) : (
                  member.role
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <form className="row" onSubmit={submit} data-testid="add-member-form">
          <label>
            User id <input name="userId" type="number" min={1} required />
          </label>
          <label>
            Role{' '}
            <select name="role" defaultValue="annotator">
              {ROLES.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </label>
          <button type="submit">Add or change</button>
        </form>
      )}
      <ErrorNote error={error} />
    </>
  );
}
