import { type FormEvent, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { DELIVERY_FORMATS, type Project, type ProjectClass, type ProjectType } from '../api/types.js';
import { cityscapesClasses, cocoCategoriesToClasses, listToClasses } from '../lib/taxonomy.js';
import { ClassLegend } from './ClassLegend.js';
import { ErrorNote } from './ErrorNote.js';

type Source = 'list' | 'cityscapes' | 'coco';

const EXAMPLE_LIST = 'road\ncar *\nperson *';

/**
 * A new project: name, type, the taxonomy (a simple list, the Cityscapes preset or a pasted COCO
 * categories JSON, previewed as it will be stored), ignore index and the delivery format, which is
 * locked once the project exists.
 */
export function NewProjectForm({ onCreated }: { onCreated: (project: Project) => void }) {
  const [source, setSource] = useState<Source>('list');
  const [list, setList] = useState(EXAMPLE_LIST);
  const [coco, setCoco] = useState('');
  const [error, setError] = useState<Error>();
  const taxonomy = useMemo((): { classes: ProjectClass[]; problem?: string } => {
    try {
      if (source === 'cityscapes') return { classes: cityscapesClasses() };
      if (source === 'coco') return { classes: coco.trim() === '' ? [] : cocoCategoriesToClasses(coco) };
      return { classes: listToClasses(list) };
    } catch (caught) {
      return { classes: [], problem: (caught as Error).message };
    }
  }, [source, list, coco]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const delivery = String(form.get('deliveryFormat'));
    setError(undefined);
    try {
      const project = await api.post<Project>('/api/projects', {
        name: String(form.get('name')),
        type: String(form.get('type')) as ProjectType,
        classes: taxonomy.classes,
        ignoreIndex: Number(form.get('ignoreIndex')),
        ...(delivery === '' ? {} : { deliveryFormat: delivery }),
      });
      onCreated(project);
    } catch (caught) {
      setError(caught as Error);
    }
  };

  return (
    <section>
      <h2>New project</h2>
      <form className="stack" onSubmit={submit} data-testid="new-project-form">
        <label>
          Name <input name="name" required maxLength={200} data-testid="new-project-name" />
        </label>
        <label>
          Type{' '}
          <select name="type" defaultValue="semantic" data-testid="new-project-type">
            <option value="semantic">semantic</option>
            <option value="instance">instance</option>
            <option value="panoptic">panoptic</option>
          </select>
        </label>
        <fieldset>
          <legend>Classes</legend>
          {(['list', 'cityscapes', 'coco'] as const).map((value) => (
            <label key={value} className="inline">
              <input
                type="radio"
                name="source"
                value={value}
                checked={source === value}
                onChange={() => setSource(value)}
                data-testid={`taxonomy-${value}`}
              />
              {value === 'list' ? 'a simple list' : value === 'cityscapes' ? 'Cityscapes preset' : 'COCO categories'}
            </label>
          ))}
          {source === 'list' && (
            <label>
              One class per line: <code>name</code> or <code>id name</code>; end with <code> *</code> for a thing class.
              <textarea rows={6} value={list} onChange={(e) => setList(e.target.value)} data-testid="taxonomy-list" />
            </label>
          )}
          {source === 'coco' && (
            <label>
              Paste a COCO document or its <code>categories</code> array:
              <textarea rows={6} value={coco} onChange={(e) => setCoco(e.target.value)} data-testid="taxonomy-coco" />
            </label>
          )}
          {source === 'cityscapes' && (
            <p className="muted">labelIds 0–33 with the official colours; the license plate (id −1) is left out.</p>
          )}
          <ErrorNote error={taxonomy.problem} />
          <p className="muted" data-testid="taxonomy-count">
            {taxonomy.classes.length} classes
          </p>
          <ClassLegend classes={taxonomy.classes} />
        </fieldset>
        <label>
          Ignore index <input name="ignoreIndex" type="number" min={0} max={65535} defaultValue={255} required />
        </label>
        <label>
          Delivery format{' '}
          <select name="deliveryFormat" defaultValue="" data-testid="new-project-delivery">
            <option value="">the type's default</option>
            {DELIVERY_FORMATS.map((format) => (
              <option key={format} value={format}>
                {format}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={taxonomy.classes.length === 0} data-testid="new-project-submit">
          Create project
        </button>
        <ErrorNote error={error} />
      </form>
    </section>
  );
}
