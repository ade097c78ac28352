import type { FastifyReply } from 'fastify';
import type { BlobDownload } from '../storage/blob-store.js';

/**
 * Answers a download the way the blob store says: the bytes with `headers` (local disk), or a 302
 * to the store's presigned URL (S3), which carries the media type and file name itself. The
 * redirect is not cached, so the access check runs on every request; the URL it points to stays
 * the same for a while, so the browser caches the bytes.
 */
export function sendBlob(reply: FastifyReply, delivery: BlobDownload, headers: Record<string, string>) {
  if ('url' in delivery) return reply.header('cache-control', 'no-store').redirect(delivery.url, 302);
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.send(Buffer.from(delivery.bytes.buffer, delivery.bytes.byteOffset, delivery.bytes.byteLength));
}
