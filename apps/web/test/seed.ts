/**
 * A small semantic project seeded through the API (bearer tokens, inject): a manager, two annotators,
 * six 32×24 images, the fourth one gold, a batch of three images with that gold image as its
 * honeypot, a second batch of two, and the annotators' documents of the honeypot.
 *
 * The gold image (rows 0–11 road; rows 12–23: columns 0–15 car, 16–23 person, 24–31 unlabelled):
 *
 *   RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR   × 12 rows
 *   CCCCCCCCCCCCCCCCPPPPPPPP........   × 12 rows
 *
 * Ann labels it exactly. Bo labels the person columns as car. QA of the honeypot, worked by hand
 * (IoU = tp / (gt + pred − tp), both annotators' pixels pooled for the batch):
 *   batch: road 768/768 = 1, car 384 / (384 + 480 − 384) = 0.8, person 96 / (192 + 96 − 96) = 0.5;
 *          mIoU 0.7667; person is far below the mean (0.5 < 0.75 × 0.7667): one alert.
 *   Bo:    road 1, car 192/288 = 0.6667, person 0 (below 0.5 and far below the mean): mIoU 0.5556, one alert.
 *   Ann:   every class 1: mIoU 1, no alert.
 */
import { encode, rleToString } from '@segkit/core';
import { encodePng } from '@segkit/formats';
import { CLASSES, PASSWORD, type TestServer, upload } from '../../server/test/helpers.js';

export const W = 32;
export const H = 24;
export { CLASSES, PASSWORD };

/** A compressed RLE of the pixels where `inside(x, y)` holds. */
function mask(inside: (x: number, y: number) => boolean) {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = inside(x, y) ? 1 : 0;
  return { size: [H, W] as [number, number], counts: rleToString(encode({ height: H, width: W, data })) };
}

const road = mask((_, y) => y < 12);
const car = mask((x, y) => y >= 12 && x < 16);
const person = mask((x, y) => y >= 12 && x >= 16 && x < 24);
const carOverPerson = mask((x, y) => y >= 12 && x < 24);

/** An RGB test card: a gradient, so the thumbnails and the image page have something to show. */
export function card(seed: number): Uint8Array {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = 3 * (y * W + x);
      data[i] = (x * 8 + seed * 40) & 255;
      data[i + 1] = y * 10;
      data[i + 2] = 255 - x * 8;
    }
  }
  return encodePng({ width: W, height: H, channels: 3, depth: 8, data });
}

export interface Seeded {
  manager: { id: number; email: string; token: string };
  ann: { id: number; token: string };
  bo: { id: number; token: string };
  projectId: number;
  goldImageId: number;
  batchIds: number[];
}

async function ok<T>(response: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) {
  const answer = await response;
  if (answer.statusCode !== status)
    throw new Error(`seeding: expected ${status}, got ${answer.statusCode} ${answer.body}`);
  return answer.json() as T;
}

export async function seed(server: TestServer): Promise<Seeded> {
  const manager = await server.user('mia@example.com');
  const ann = await server.user('ann@example.com');
  const bo = await server.user('bo@example.com');
  const call = server.call;
  const project = await ok<{ id: number }>(
    call(manager.token, 'POST', '/api/projects', { name: 'Streets', type: 'semantic', classes: CLASSES }),
    201,
  );
  for (const user of [ann, bo]) {
    await ok(call(manager.token, 'PUT', `/api/projects/${project.id}/members/${user.id}`, { role: 'annotator' }));
  }
  const uploaded = await upload(
    server,
    manager.token,
    project.id,
    Array.from({ length: 6 }, (_, i) => ({ name: `street-${i + 1}.png`, bytes: card(i) })),
  );
  if (uploaded.statusCode !== 201) throw new Error(`seeding: upload answered ${uploaded.body}`);
  const ids = (uploaded.json() as { images: Array<{ id: number }> }).images.map((image) => image.id);
  const goldImageId = ids[3];
  const segments = (carMask: typeof car, withPerson: boolean) => [
    { id: 1, categoryId: 0, segmentation: road },
    { id: 2, categoryId: 1, segmentation: carMask },
    ...(withPerson ? [{ id: 3, categoryId: 2, segmentation: person }] : []),
  ];
  await ok(call(manager.token, 'PUT', `/api/images/${goldImageId}/gold`, { segments: segments(car, true) }));
  const batchIds: number[] = [];
  for (const [name, imageIds] of [
    ['pilot', ids.slice(0, 3)],
    ['week 2', ids.slice(4, 6)],
  ] as const) {
    const batch = await ok<{ id: number; honeypots: number[] }>(
      call(manager.token, 'POST', `/api/projects/${project.id}/batches`, {
        name,
        imageIds,
        assignees: [ann.id, bo.id],
        honeypotShare: 1,
      }),
      201,
    );
    if (batch.honeypots.join() !== String(goldImageId)) throw new Error(`seeding: honeypots ${batch.honeypots}`);
    batchIds.push(batch.id);
  }
  await ok(
    call(ann.token, 'PUT', `/api/images/${goldImageId}/annotation`, { baseVersion: 0, segments: segments(car, true) }),
  );
  await ok(
    call(bo.token, 'PUT', `/api/images/${goldImageId}/annotation`, {
      baseVersion: 0,
      segments: segments(carOverPerson, false),
    }),
  );
  await ok(
    call(ann.token, 'PUT', `/api/images/${ids[0]}/annotation`, { baseVersion: 0, segments: segments(car, true) }),
  );
  return {
    manager: { id: manager.id, email: 'mia@example.com', token: manager.token },
    ann,
    bo,
    projectId: project.id,
    goldImageId,
    batchIds,
  };
}
