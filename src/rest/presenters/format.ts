import { formatDateTime } from '../../domain/time';

/** Formatting shared by the presenters: times in the configured zone. */
export interface PresentContext {
  timeZone: string;
}

/** `YYYY-MM-DD HH:MM:SS` of an ISO time in the zone (loonflow's format). */
export function time(iso: string | null | undefined, p: PresentContext): string | null {
  return iso ? formatDateTime(new Date(iso), p.timeZone) : null;
}

/** The base columns every loonflow row carries. */
export function baseColumns(row: { id: number; creator: string; createdAt: string; updatedAt: string }, p: PresentContext) {
  return { id: row.id, creator: row.creator, gmt_created: time(row.createdAt, p), gmt_modified: time(row.updatedAt, p), is_deleted: false };
}

/** loonflow's paged envelope. */
export function paged<T>(value: T[], page: number, perPage: number, total: number) {
  return { value, per_page: perPage, page, total };
}
