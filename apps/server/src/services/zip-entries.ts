import yauzl from 'yauzl';
import { invalid, tooLarge } from '../errors.js';
import { uploadName } from './upload-names.js';

export interface ZipLimits {
  /** Most entries read from one zip. */
  maxEntries: number;
  /** Most bytes, all entries inflated together. */
  maxTotalBytes: number;
}

/**
 * The files of a zip, entry by entry: each entry's name is checked (uploadName) and its declared size
 * counted against the limit before it is inflated; yauzl checks each entry's inflated size against its
 * declaration, so a zip bomb stops at the declared total. Folders and `__MACOSX/` entries are skipped.
 */
export function readZipEntries(
  zip: Uint8Array,
  zipName: string,
  limits: ZipLimits,
): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength),
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: true },
      (openError, file) => {
        if (openError || file === undefined) {
          reject(invalid(`${zipName}: not a readable zip: ${openError?.message ?? 'empty'}`, 'UNREADABLE_ZIP'));
          return;
        }
        const out: Array<{ name: string; bytes: Uint8Array }> = [];
        let total = 0;
        let entries = 0;
        const fail = (error: unknown) => {
          file.close();
          reject(error);
        };
        file.on('error', (error: Error) => fail(zipError(zipName, error)));
        file.on('end', () => resolve(out));
        file.on('entry', (entry: yauzl.Entry) => {
          if (entry.fileName.endsWith('/') || entry.fileName.startsWith('__MACOSX/')) {
            file.readEntry();
            return;
          }
          let name: string;
          try {
            name = uploadName(entry.fileName);
          } catch (error) {
            fail(error);
            return;
          }
          entries++;
          total += entry.uncompressedSize;
          if (entries > limits.maxEntries) {
            fail(tooLarge(`${zipName}: more than ${limits.maxEntries} files in one zip`));
            return;
          }
          if (total > limits.maxTotalBytes) {
            fail(tooLarge(`${zipName}: its files inflate to more than ${limits.maxTotalBytes} bytes`));
            return;
          }
          file.openReadStream(entry, (streamError, stream) => {
            if (streamError || stream === undefined) {
              fail(invalid(`${zipName}: ${name}: ${streamError?.message ?? 'unreadable'}`, 'UNREADABLE_ZIP'));
              return;
            }
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('error', (error: Error) =>
              fail(invalid(`${zipName}: ${name}: ${error.message}`, 'UNREADABLE_ZIP')),
            );
            stream.on('end', () => {
              out.push({ name, bytes: Buffer.concat(chunks) });
              file.readEntry();
            });
          });
        });
        file.readEntry();
      },
    );
  });
}

/** yauzl's own refusals of entry names (absolute, `..`, backslashes) are unsafe names, not damage. */
function zipError(zipName: string, error: Error) {
  const unsafe = /^(absolute path|invalid relative path|invalid characters in fileName)/.test(error.message);
  return invalid(`${zipName}: ${error.message}`, unsafe ? 'UNSAFE_NAME' : 'UNREADABLE_ZIP');
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
