import type { Actor, AppContext } from '../context.js';
import { insertProject, members, type ProjectRole, projectsFor, setMember } from '../db/projects.js';
import type { ProjectRow } from '../db/schema.js';
import { userById } from '../db/users.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { projectAccess, requireRole } from './access.js';

export type ProjectType = 'semantic' | 'instance' | 'panoptic';
export const DELIVERY_FORMATS = [
  'coco-rle',
  'coco-polygon',
  'png',
  'coco-panoptic',
  'cityscapes',
  'binary-masks',
] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];

export interface ProjectClass {
  id: number;
  name: string;
  color: string;
  isthing: boolean;
}

export interface NewProjectInput {
  name: string;
  type: ProjectType;
  classes: ProjectClass[];
  ignoreIndex?: number | undefined;
  deliveryFormat?: DeliveryFormat | undefined;
}

export interface Project {
  id: number;
  name: string;
  type: ProjectType;
  classes: ProjectClass[];
  ignoreIndex: number;
  deliveryFormat: DeliveryFormat;
  createdAt: string;
  /** The caller's role (admins: manager). */
  role: ProjectRole | null;
}

const DEFAULT_DELIVERY: Record<ProjectType, DeliveryFormat> = {
  semantic: 'png',
  instance: 'coco-rle',
  panoptic: 'coco-panoptic',
};

/** Checks a taxonomy: ids integers 0..65535, unique; names non-empty and unique; colours #rrggbb. */
export function checkClasses(classes: readonly ProjectClass[], ignoreIndex: number): void {
  if (classes.length === 0) throw invalid('a project has at least one class');
  const ids = new Set<number>();
  const names = new Set<string>();
  for (const [index, item] of classes.entries()) {
    const at = `class ${index} (${JSON.stringify(item.name)})`;
    if (!Number.isInteger(item.id) || item.id < 0 || item.id > 65535) {
      throw invalid(`${at}: id ${item.id} is not an integer 0..65535`);
    }
    if (ids.has(item.id)) throw invalid(`${at}: id ${item.id} is used twice`);
    if (item.name.trim() === '') throw invalid(`${at}: a class has a name`);
    if (names.has(item.name)) throw invalid(`${at}: the name is used twice`);
    if (!/^#[0-9a-fA-F]{6}$/.test(item.color))
      throw invalid(`${at}: colour ${JSON.stringify(item.color)} is not #rrggbb`);
    ids.add(item.id);
    names.add(item.name);
  }
  if (!Number.isInteger(ignoreIndex) || ignoreIndex < 0 || ignoreIndex > 65535) {
    throw invalid(`ignoreIndex ${ignoreIndex} is not an integer 0..65535`);
  }
  if (ids.has(ignoreIndex)) throw invalid(`ignoreIndex ${ignoreIndex} is also a class id`);
}

/** Any member may create a project and becomes its manager (an admin's project gets no member row). */
export async function createProject(ctx: AppContext, actor: Actor, input: NewProjectInput): Promise<Project> {
  const ignoreIndex = input.ignoreIndex ?? 255;
  if (input.name.trim() === '') throw invalid('a project has a name');
  checkClasses(input.classes, ignoreIndex);
  const row = await insertProject(
    ctx.db.kysely,
    {
      name: input.name.trim(),
      type: input.type,
      classes: JSON.stringify(input.classes.map(({ id, name, color, isthing }) => ({ id, name, color, isthing }))),
      ignore_index: ignoreIndex,
      delivery_format: input.deliveryFormat ?? DEFAULT_DELIVERY[input.type],
      created_by: actor.id,
    },
    actor.role === 'admin' ? undefined : actor.id,
  );
  return toProject(row, 'manager');
}

export async function listProjects(ctx: AppContext, actor: Actor): Promise<Project[]> {
  const rows = await projectsFor(ctx.db.kysely, actor.id, actor.role === 'admin');
  return rows.map((row) => toProject(row, actor.role === 'admin' ? 'manager' : row.member_role));
}

export async function getProject(ctx: AppContext, actor: Actor, projectId: number) {
  const access = await projectAccess(ctx, actor, projectId);
  const project = toProject(access.project, access.role);
  const canSeeMembers = access.role === 'manager' || access.role === 'reviewer';
  return { ...project, ...(canSeeMembers ? { members: await members(ctx.db.kysely, projectId) } : {}) };
}

/** Admin or the project's manager sets a user's role in the project. */
export async function putMember(
  ctx: AppContext,
  actor: Actor,
  projectId: number,
  userId: number,
  role: ProjectRole,
): Promise<{ projectId: number; userId: number; role: ProjectRole }> {
  const access = await projectAccess(ctx, actor, projectId);
  requireRole(access, ['manager'], 'set members');
  if ((await userById(ctx.db.kysely, userId)) === undefined) throw notFound(`user ${userId}`);
  if (userId === actor.id && !access.admin && role !== 'manager') {
    throw forbidden('a manager cannot demote themselves; ask an admin or another manager');
  }
  await setMember(ctx.db.kysely, projectId, userId, role);
  return { projectId, userId, role };
}

export function toProject(row: ProjectRow, role: ProjectRole | null): Project {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    classes: JSON.parse(row.classes) as ProjectClass[],
    ignoreIndex: row.ignore_index,
    deliveryFormat: row.delivery_format as DeliveryFormat,
    createdAt: row.created_at,
    role,
  };
}
