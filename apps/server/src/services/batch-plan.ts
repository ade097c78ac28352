/**
 * How a batch is laid out (api.md): the requested non-gold images are split among the assignees
 * round-robin in the order given; h = min(gold images not requested, ceil(share × requested images))
 * honeypots, drawn at random from the gold images not requested, are placed at random positions and
 * assigned to every assignee. A requested image that is already gold is measured like a honeypot:
 * every assignee labels it. `random` returns floats in [0, 1) (crypto-backed in the server, seeded
 * in tests).
 */
export interface BatchPlan {
  images: Array<{ imageId: number; honeypot: boolean }>;
  assignments: Array<{ imageId: number; userId: number }>;
}

export function planBatch(
  requested: readonly number[],
  assignees: readonly number[],
  gold: ReadonlySet<number>,
  share: number,
  random: () => number,
): BatchPlan {
  const requestedSet = new Set(requested);
  const pool = [...gold].filter((id) => !requestedSet.has(id)).sort((a, b) => a - b);
  const h = Math.min(pool.length, Math.ceil(share * requested.length));
  // Partial Fisher–Yates: the first h of the pool, drawn without replacement.
  for (let i = 0; i < h; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const images: BatchPlan['images'] = requested.map((imageId) => ({ imageId, honeypot: gold.has(imageId) }));
  for (const imageId of pool.slice(0, h)) {
    images.splice(Math.floor(random() * (images.length + 1)), 0, { imageId, honeypot: true });
  }
  const assignments: BatchPlan['assignments'] = [];
  let next = 0;
  for (const { imageId, honeypot } of images) {
    if (honeypot) for (const userId of assignees) assignments.push({ imageId, userId });
  }
  for (const imageId of requested) {
    if (gold.has(imageId)) continue;
    assignments.push({ imageId, userId: assignees[next % assignees.length] });
    next++;
  }
  return { images, assignments };
}
