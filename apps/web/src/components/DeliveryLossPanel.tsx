import { useState } from 'react';
import { api } from '../api/client.js';
import { DELIVERY_FORMATS, type DeliveryFormat, type DeliveryLoss, type Project } from '../api/types.js';
import { lossItems, lossVerdict } from '../lib/delivery-loss.js';
import { useLoad } from '../lib/use-load.js';
import { ErrorNote } from './ErrorNote.js';
import { LossTable } from './LossTable.js';

/**
 * What the delivery format (or another one picked here) loses on the project's own newest documents,
 * as the server measured it with the loss report: the verdict, each loss with its figures, per class.
 */
export function DeliveryLossPanel({ project }: { project: Project }) {
  const [format, setFormat] = useState<DeliveryFormat>(project.deliveryFormat);
  const query = format === project.deliveryFormat ? '' : `?format=${format}`;
  const loss = useLoad(
    () => api.get<DeliveryLoss>(`/api/projects/${project.id}/delivery-loss${query}`),
    `${project.id}:${format}`,
  );
  const shown = loss.data?.format === format ? loss.data : undefined;
  const verdict = shown && lossVerdict(shown, project.type);
  return (
    <div data-testid="delivery-loss" data-format={shown?.format ?? ''}>
      <label className="control">
        Format{' '}
        <select
          value={format}
          onChange={(e) => setFormat(e.target.value as DeliveryFormat)}
          data-testid="delivery-loss-format"
        >
          {DELIVERY_FORMATS.map((name) => (
            <option key={name} value={name}>
              {name}
              {name === project.deliveryFormat ? ' (delivery)' : ''}
            </option>
          ))}
        </select>
      </label>
      <ErrorNote error={loss.error} />
      {shown === undefined || verdict === undefined ? (
        loss.error === undefined && <p className="muted">Measuring…</p>
      ) : (
        <>
          <p className={verdict.lossy ? 'loss-verdict lossy' : 'loss-verdict'} data-testid="loss-verdict">
            {verdict.text}
          </p>
          <ul className="loss-items">
            {lossItems(shown, project.type).map((item) => (
              <li key={item.key} data-testid={`loss-${item.key}`} data-lost={String(item.lost)}>
                <strong>{item.label}</strong>: {item.text}
              </li>
            ))}
            {(shown.report?.warnings ?? []).map((warning) => (
              <li key={warning} data-testid="loss-warning" data-lost="true">
                {warning}
              </li>
            ))}
          </ul>
          {shown.report && shown.report.perClass.length > 0 && <LossTable report={shown.report} />}
        </>
      )}
    </div>
  );
}
