import type { DocumentComparison } from '@segkit/metrics';
import { formatIou } from '../lib/review.js';

/** The per-class IoU of the image between the shown document and the one it is compared with. */
export function AgreementTable({
  comparison,
  shownName,
  againstName,
}: {
  comparison: DocumentComparison;
  shownName: string;
  againstName: string;
}) {
  return (
    <table className="numbers" data-testid="iou-table">
      <thead>
        <tr>
          <th>class</th>
          <th>IoU</th>
          <th>{againstName} px</th>
          <th>{shownName} px</th>
          <th>both px</th>
        </tr>
      </thead>
      <tbody>
        {comparison.perClass.map((row) => (
          <tr key={row.id} data-testid="iou-row" data-class={row.id}>
            <td>{row.name}</td>
            <td>{formatIou(row.iou)}</td>
            <td>{row.referencePixels}</td>
            <td>{row.otherPixels}</td>
            <td>{row.intersection}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
