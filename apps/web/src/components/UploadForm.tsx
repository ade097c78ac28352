import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import type { Image } from '../api/types.js';
import { ErrorNote } from './ErrorNote.js';

/** PNG or JPEG files, or one zip of them, as multipart `file` fields; the server takes all or nothing. */
export function UploadForm({ projectId, onUploaded }: { projectId: number; onUploaded: () => void }) {
  const [error, setError] = useState<Error>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const input = formElement.elements.namedItem('file') as HTMLInputElement;
    const files = [...(input.files ?? [])];
    if (files.length === 0) return;
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    setBusy(true);
    setError(undefined);
    setNote('');
    try {
      const answer = await api.upload<{ images: Image[] }>(`/api/projects/${projectId}/images`, form);
      setNote(`${answer.images.length} images added`);
      formElement.reset();
      onUploaded();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="row" onSubmit={submit} data-testid="upload-form">
      <input
        type="file"
        name="file"
        multiple
        accept="image/png,image/jpeg,.zip,application/zip"
        data-testid="upload-input"
      />
      <button type="submit" disabled={busy} data-testid="upload-submit">
        {busy ? 'Uploading…' : 'Upload'}
      </button>
      <span className="muted" data-testid="upload-note">
        {note}
      </span>
      <ErrorNote error={error} />
    </form>
  );
}
