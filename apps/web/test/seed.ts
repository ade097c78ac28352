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

/**
 * An instance project delivered as PNG ("Parking"), one 32×24 image with the manager's document (in
 * no batch, so it is what an export delivers). Rows 12–23, by column:
 *
 *   columns  0–7   car A        12–15  car B under person A (person A is later: on top)
 *   columns  8–11  car B        16–19  person A      20–27 unlabelled      28–31 person B
 *
 * and road on rows 0–11. What PNG delivery loses, worked by hand (one region per class, the later
 * segment wins an overlap): road 384 → 384 px; car 192 stored, 144 delivered (48 px of car B went to
 * person A), IoU 144 / 192 = 0.75, its two instances merged into one (1 merged); person 144 → 144 px,
 * two instances merged (1 merged), the 48 px overlap counted on person; 48 of 720 labelled pixels
 * change class. COCO RLE delivery keeps all of it.
 */
export async function seedParking(server: TestServer, managerToken: string): Promise<{ projectId: number }> {
  const project = await ok<{ id: number }>(
    server.call(managerToken, 'POST', '/api/projects', {
      name: 'Parking',
      type: 'instance',
      classes: CLASSES,
      deliveryFormat: 'png',
    }),
    201,
  );
  const uploaded = await upload(server, managerToken, project.id, [{ name: 'lot-1.png', bytes: card(1) }]);
  if (uploaded.statusCode !== 201) throw new Error(`seeding: upload answered ${uploaded.body}`);
  const imageId = (uploaded.json() as { images: Array<{ id: number }> }).images[0].id;
  const columns = (from: number, to: number) => mask((x, y) => y >= 12 && x >= from && x <= to);
  await ok(
    server.call(managerToken, 'PUT', `/api/images/${imageId}/annotation`, {
      baseVersion: 0,
      segments: [
        { id: 1, categoryId: 0, segmentation: road },
        { id: 2, categoryId: 1, segmentation: columns(0, 7) },
        { id: 3, categoryId: 1, segmentation: columns(8, 15) },
        { id: 4, categoryId: 2, segmentation: columns(12, 19) },
        { id: 5, categoryId: 2, segmentation: columns(28, 31) },
      ],
    }),
  );
  return { projectId: project.id };
}
