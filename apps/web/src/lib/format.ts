/** How times and people read on the pages. */
import type { Project, User } from '../api/types.js';

export function dateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** "in 2 d 5 h", "in 40 min", "3 h overdue". */
export function deadlineText(deadline: string, now: number = Date.now()): string {
  const ms = new Date(deadline).getTime() - now;
  if (Number.isNaN(ms)) return deadline;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const span = days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes % 60} min`;
  return ms >= 0 ? `in ${span}` : `${span} overdue`;
}

/** A user's name as the project's member list gives it (managers and reviewers see it), else their id. */
export function personName(project: Project | undefined, userId: number, me: User | undefined): string {
  if (me !== undefined && userId === me.id) return `${me.name} (you)`;
  const member = project?.members?.find((m) => m.id === userId);
  return member === undefined ? `user ${userId}` : member.name;
}

export const statusText = (status: string): string => status.replace('_', ' ');
