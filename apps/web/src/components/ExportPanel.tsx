import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { type Batch, DELIVERY_FORMATS, type Job, type Project } from '../api/types.js';
import { ErrorNote } from './ErrorNote.js';
import { ProgressBar } from './ProgressBar.js';

const POLL_MS = 400;

/** Starts an export job (the project or one batch, annotations or gold), follows it, then links the zip. */
export function ExportPanel({ project, batches }: { project: Project; batches: readonly Batch[] }) {
  const [jobId, setJobId] = useState<number>();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<Error>();

  useEffect(() => {
    if (jobId === undefined) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const poll = async () => {
      try {
        const next = await api.get<Job>(`/api/jobs/${jobId}`);
        if (!live) return;
        setJob(next);
        if (next.state === 'queued' || next.state === 'running') timer = setTimeout(poll, POLL_MS);
      } catch (caught) {
        if (live) setError(caught as Error);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [jobId]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const batchId = String(form.get('batchId'));
    setError(undefined);
    setJob(undefined);
    try {
      const started = await api.post<{ jobId: number }>(`/api/projects/${project.id}/exports`, {
        format: String(form.get('format')),
        source: String(form.get('source')),
        ...(batchId === '' ? {} : { batchId: Number(batchId) }),
      });
      setJobId(started.jobId);
    } catch (caught) {
      setError(caught as Error);
    }
  };

  return (
    <>
      <form className="row" onSubmit={submit} data-testid="export-form">
        <label>
          Format{' '}
          <select name="format" defaultValue={project.deliveryFormat} data-testid="export-format">
            {DELIVERY_FORMATS.map((format) => (
              <option key={format} value={format}>
                {format}
                {format === project.deliveryFormat ? ' (delivery)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Of{' '}
          <select name="batchId" defaultValue="" data-testid="export-batch">
            <option value="">the whole project</option>
            {batches.map((batch) => (
              <option key={batch.id} value={batch.id}>
                batch {batch.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Labels{' '}
          <select name="source" defaultValue="annotations">
            <option value="annotations">annotations</option>
            <option value="gold">gold</option>
          </select>
        </label>
        <button type="submit" data-testid="export-start">
          Start export
        </button>
      </form>
      {job !== undefined && (
        <p data-testid="export-job" data-state={job.state}>
          Job {job.id}: {job.state}{' '}
          <ProgressBar value={job.progress} label={`${Math.round(100 * job.progress)}%`} testId="export-progress" />
          {job.state === 'done' && job.result?.downloadUrl !== undefined && (
            <>
              {' '}
              <a href={job.result.downloadUrl} download data-testid="export-download">
                Download the zip
              </a>
            </>
          )}
        </p>
      )}
      <ErrorNote error={job?.state === 'failed' ? (job.error?.message ?? 'the export failed') : undefined} />
      <ErrorNote error={error} />
    </>
  );
}
