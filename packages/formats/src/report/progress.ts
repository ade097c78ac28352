/** Called as a long conversion advances: `done` of `total` items (images, files). */
export type ProgressCallback = (done: number, total: number) => void;
