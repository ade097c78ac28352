import type { LossReport } from '@segkit/formats';
import { lossColumns } from '../lib/delivery-loss.js';

/** The loss report per class (ids as the delivered files number them), then each segment that lost pixels. */
export function LossTable({ report }: { report: LossReport }) {
  const extra = lossColumns(report.perClass);
  return (
    <>
      <table data-testid="loss-table">
        <thead>
          <tr>
            <th>class</th>
            <th>stored px</th>
            <th>delivered px</th>
            <th>px changed</th>
            <th>IoU</th>
            {extra.map((column) => (
              <th key={column.key}>{column.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.perClass.map((row) => (
            <tr key={row.id} data-testid={`loss-class-${row.id}`}>
              <td>
                {row.id} {row.name}
              </td>
              <td>{row.sourcePixels}</td>
              <td>{row.convertedPixels}</td>
              <td>{row.pixelsChanged}</td>
              <td>{row.iou === null ? 'n/a' : row.iou.toFixed(4)}</td>
              {extra.map((column) => (
                <td key={column.key}>
                  {column.key === 'polygonAreaDelta' ? row.polygonAreaDelta.toFixed(1) : String(row[column.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {(report.instancesLost ?? []).length > 0 && (
        <ul className="muted" data-testid="loss-segments">
          {(report.instancesLost ?? []).map((lost) => (
            <li key={`${lost.image}:${lost.annotation}`}>
              {lost.annotation} in {lost.image}: {lost.pixels} px went to another segment
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
