import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import type { Batch, Project } from '../api/types.js';
import { ErrorNote } from './ErrorNote.js';

/**
 * A batch of the images ticked in the grid, split round-robin among the chosen assignees, with
 * honeypots drawn from the gold set and a deadline (default: 72 hours).
 */
export function NewBatchForm({
  project,
  imageIds,
  onCreated,
}: {
  project: Project;
  imageIds: readonly number[];
  onCreated: (batch: Batch) => void;
}) {
  const [error, setError] = useState<Error>();
  const candidates = (project.members ?? []).filter((m) => m.role === 'annotator' || m.role === 'manager');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const deadline = String(form.get('deadline') ?? '');
    setError(undefined);
    try {
      const batch = await api.post<Batch>(`/api/projects/${project.id}/batches`, {
        name: String(form.get('name')),
        imageIds,
        assignees: form.getAll('assignee').map(Number),
        honeypotShare: Number(form.get('honeypotShare')),
        ...(deadline === '' ? {} : { deadline: new Date(deadline).toISOString() }),
      });
      formElement.reset();
      onCreated(batch);
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <details>
      <summary>New batch of the {imageIds.length} selected images</summary>
      <form className="stack" onSubmit={submit} data-testid="new-batch-form">
        <label>
          Name <input name="name" required maxLength={200} />
        </label>
        <fieldset>
          <legend>Assignees</legend>
          {candidates.length === 0 && <p className="muted">Add annotators under Members first.</p>}
          {candidates.map((member) => (
            <label key={member.id} className="inline">
              <input type="checkbox" name="assignee" value={member.id} /> {member.name} ({member.role})
            </label>
          ))}
        </fieldset>
        <label>
          Deadline <input name="deadline" type="datetime-local" /> <span className="muted">empty: 72 hours</span>
        </label>
        <label>
          Honeypot share <input name="honeypotShare" type="number" min={0} max={1} step={0.05} defaultValue={0.1} />
        </label>
        <button type="submit" disabled={imageIds.length === 0}>
          Create batch
        </button>
        <ErrorNote error={error} />
      </form>
    </details>
  );
}
