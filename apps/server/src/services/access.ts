import type { Actor, AppContext } from '../context.js';
import type { ImageWithProject } from '../db/images.js';
import { memberRole, type ProjectRole, projectById } from '../db/projects.js';
import type { ProjectRow } from '../db/schema.js';
import { forbidden, notFound } from '../errors.js';

/** The caller's role in a project: admins act as managers everywhere. */
export interface ProjectAccess {
  project: ProjectRow;
  role: ProjectRole;
  admin: boolean;
}

/**
 * The project, if the caller may see it: a project that does not exist and one the caller is not a
 * member of answer the same 404 (its existence is not revealed).
 */
export async function projectAccess(ctx: AppContext, actor: Actor, projectId: number): Promise<ProjectAccess> {
  const project = await projectById(ctx.db.kysely, projectId);
  if (project === undefined) throw notFound(`project ${projectId}`);
  if (actor.role === 'admin') return { project, role: 'manager', admin: true };
  const role = await memberRole(ctx.db.kysely, projectId, actor.id);
  if (role === undefined) throw notFound(`project ${projectId}`);
  return { project, role, admin: false };
}

/** 403 unless the caller's role is one of `roles`; `what` completes "only a manager may ...". */
export function requireRole(access: ProjectAccess, roles: readonly ProjectRole[], what: string): void {
  if (!roles.includes(access.role)) {
    throw forbidden(`a ${access.role} may not ${what} in project ${access.project.id}`);
  }
}

/**
 * What the auth hook already read about the image a request names (`tokenUserWithImage`, one round
 * trip for both), kept for that request's actor until its access check takes it, once: a second
 * check in the same request reads the database again, so it sees what the request changed.
 */
const prefetched = new WeakMap<Actor, { imageId: number; found: ImageWithProject | undefined }>();

export function rememberImageAccess(actor: Actor, imageId: number, found: ImageWithProject | undefined): void {
  prefetched.set(actor, { imageId, found });
}

/** `{ found }` if the auth hook read image `imageId` for this actor (found: undefined if none). */
export function takeImageAccess(actor: Actor, imageId: number): { found: ImageWithProject | undefined } | undefined {
  const entry = prefetched.get(actor);
  if (entry === undefined || entry.imageId !== imageId) return undefined;
  prefetched.delete(actor);
  return { found: entry.found };
}
