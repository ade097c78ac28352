import type { Kysely } from 'kysely';
import type { Database, MembersTable, ProjectRow } from './schema.js';

export type ProjectRole = MembersTable['role'];

export async function insertProject(
  db: Kysely<Database>,
  project: Omit<ProjectRow, 'id' | 'created_at'>,
  managerId: number | undefined,
): Promise<ProjectRow> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('projects')
      .values({ ...project, created_at: new Date().toISOString() })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (managerId !== undefined) {
      await trx.insertInto('members').values({ project_id: row.id, user_id: managerId, role: 'manager' }).execute();
    }
    return row;
  });
}

export function projectById(db: Kysely<Database>, id: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Projects with the user's role in each (all projects, role null where not a member, when `all`). */
export async function projectsFor(
  db: Kysely<Database>,
  userId: number,
  all: boolean,
): Promise<Array<ProjectRow & { member_role: ProjectRole | null }>> {
  const query = db
    .selectFrom('projects')
    .leftJoin('members', (join) =>
      join.onRef('members.project_id', '=', 'projects.id').on('members.user_id', '=', userId),
    )
    .selectAll('projects')
    .select('members.role as member_role')
    .orderBy('projects.id');
  return all ? query.execute() : query.where('members.user_id', '=', userId).execute();
}

export async function memberRole(
  db: Kysely<Database>,
  projectId: number,
  userId: number,
): Promise<ProjectRole | undefined> {
  const row = await db
    .selectFrom('members')
    .select('role')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

export async function setMember(db: Kysely<Database>, projectId: number, userId: number, role: ProjectRole) {
  await db
    .insertInto('members')
    .values({ project_id: projectId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export function members(db: Kysely<Database>, projectId: number) {
  return db
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['users.id', 'users.email', 'users.name', 'members.role'])
    .where('members.project_id', '=', projectId)
    .orderBy('users.id')
    .execute();
}

export async function isManagerSomewhere(db: Kysely<Database>, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('project_id')
    .where('user_id', '=', userId)
    .where('role', '=', 'manager')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
