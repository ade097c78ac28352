import { encode, rleToString } from '@segkit/core';
import { encodePng } from '@segkit/formats';
import type { Actor, AppContext } from '../context.js';
import { upsertPrelabels } from '../db/images.js';
import { countUsers } from '../db/users.js';
import { saveAnnotation, saveGold } from '../services/annotations.js';
import { createBatch } from '../services/batches.js';
import type { Segment } from '../services/documents.js';
import { uploadImages } from '../services/images.js';
import { createProject, putMember } from '../services/projects.js';
import { createUser } from '../services/users.js';
import { DEMO_CLASSES, drawScene, type Scene } from './scene.js';

export const DEMO_LOGIN = {
  admin: { email: 'admin@demo.segkit', password: 'demo-admin' },
  annotator: { email: 'annotator@demo.segkit', password: 'demo-annotator' },
};

const IMAGES = 24;
const GOLD = 4;

/**
 * On an empty database: a demo admin and annotator, and a panoptic project "Demo streets
 * (synthetic)" of 24 generated street scenes with pre-labels (the true labels, coarsened), 4 gold
 * images, one batch of 8 images for the annotator with honeypots, and the annotator's documents of
 * the gold images (the truth with a car missed), so QA has something to show. Deterministic.
 */
export async function seedDemo(ctx: AppContext): Promise<boolean> {
  if ((await countUsers(ctx.db.kysely)) > 0) return false;
  const adminUser = await createUser(ctx, undefined, { ...DEMO_LOGIN.admin, name: 'Demo admin', role: 'admin' });
  const annotatorUser = await createUser(ctx, undefined, {
    ...DEMO_LOGIN.annotator,
    name: 'Demo annotator',
    role: 'member',
  });
  const admin: Actor = { ...adminUser, via: 'bearer' };
  const annotator: Actor = { ...annotatorUser, via: 'bearer' };
  const project = await createProject(ctx, admin, {
    name: 'Demo streets (synthetic)',
    type: 'panoptic',
    classes: DEMO_CLASSES,
    deliveryFormat: 'coco-panoptic',
  });
  await putMember(ctx, admin, project.id, annotator.id, 'annotator');
  const scenes = Array.from({ length: IMAGES }, (_, i) => drawScene(1000 + i));
  const images = await uploadImages(
    ctx,
    admin,
    project.id,
    scenes.map((scene, i) => ({
      name: `street-${String(i + 1).padStart(2, '0')}.png`,
      bytes: encodePng({ width: scene.width, height: scene.height, channels: 3, depth: 8, data: scene.rgb }),
    })),
  );
  await upsertPrelabels(
    ctx.db.kysely,
    images.map((image, i) => ({
      image_id: image.id,
      segments: JSON.stringify(sceneSegments(scenes[i], { coarsen: true })),
      source: 'demo',
    })),
  );
  const gold = images.slice(0, GOLD);
  for (const [i, image] of gold.entries()) await saveGold(ctx, admin, image.id, sceneSegments(scenes[i], {}));
  await createBatch(ctx, admin, project.id, {
    name: 'Batch 1',
    imageIds: images.slice(GOLD, GOLD + 8).map((image) => image.id),
    assignees: [annotator.id],
    honeypotShare: 0.5,
  });
  for (const [i, image] of gold.entries()) {
    await saveAnnotation(ctx, annotator, image.id, 0, sceneSegments(scenes[i], { missFirstCar: true }));
  }
  return true;
}

/** The scene's labels as a panoptic document: stuff one segment per class, things one per instance. */
function sceneSegments(scene: Scene, options: { coarsen?: boolean; missFirstCar?: boolean }): Segment[] {
  const { width, height, classes, instances } = scene;
  const keys = new Map<string, { categoryId: number; data: Uint8Array }>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      // Coarse pre-labels: things snapped to a 4-pixel grid, as a cheap model might draw them.
      const j =
        options.coarsen && instances[i] > 0
          ? Math.min(height - 1, y - (y % 4)) * width + Math.min(width - 1, x - (x % 4))
          : i;
      const cls = classes[j];
      const instance = instances[j];
      if (options.missFirstCar && instance === 1 && cls === 3) continue;
      const key = `${cls}:${instance}`;
      let entry = keys.get(key);
      if (entry === undefined) {
        entry = { categoryId: cls, data: new Uint8Array(width * height) };
        keys.set(key, entry);
      }
      entry.data[i] = 1;
    }
  }
  return [...keys.values()].map((entry, index) => ({
    id: index + 1,
    categoryId: entry.categoryId,
    segmentation: { size: [height, width], counts: rleToString(encode({ height, width, data: entry.data })) },
  }));
}
