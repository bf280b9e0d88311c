import { AppError } from './errors';

/**
 * The most rows one page of a list holds. loonflow has no bound (its admin pages ask for 10,000 rows, service
 * desks for 999,999); a larger page size is served as this many rows, and the answer echoes the size served.
 */
export const MAX_PER_PAGE = 10_000;

/** The page size served for a requested one: at least 1 (anything less is refused), at most MAX_PER_PAGE. */
export function servedPageSize(perPage: number, name = 'per_page'): number {
  if (!Number.isFinite(perPage) || perPage < 1) throw AppError.badInput(`${name}: must be at least 1`, { parameter: name });
  return Math.min(Math.floor(perPage), MAX_PER_PAGE);
}

/**
 * The page served for a requested one, as Django's paginator does for loonflow: a page beyond the end, or
 * zero and below, is the last page; the answer echoes the page served.
 */
export function servedPage(page: number, perPage: number, total: number): number {
  const last = Math.max(1, Math.ceil(total / perPage));
  return page < 1 || page > last ? last : page;
}
