/**
 * The List* calls' shared behaviour: NameContains (case-insensitive), time and status filters,
 * SortBy/SortOrder (default CreationTime, Descending), MaxResults (1–100) and an opaque NextToken.
 */
import { validation } from './errors.js';
import { optionalEnum, optionalNumber, optionalString, optionalTimeMs, type Input } from './input.js';

export interface Listable {
  name: string;
  creationTimeMs: number;
  lastModifiedTimeMs?: number;
  status?: string;
}

export interface ListOptions {
  /** SortBy values this call accepts (the first ones of Name, CreationTime, Status). */
  sortBy: readonly string[];
  /** Whether StatusEquals / LastModifiedTime filters apply (ListEndpoints). */
  statusFilter?: readonly string[];
  /** Default MaxResults. */
  defaultMaxResults: number;
}

/** One page of `items` for the request's filters, sort and token. */
export function listPage<T extends Listable>(
  items: Iterable<T>,
  input: Input,
  options: ListOptions,
): { page: T[]; nextToken?: string } {
  const nameContains = optionalString(input, 'NameContains')?.toLowerCase();
  const createdBefore = optionalTimeMs(input, 'CreationTimeBefore');
  const createdAfter = optionalTimeMs(input, 'CreationTimeAfter');
  const modifiedBefore = options.statusFilter ? optionalTimeMs(input, 'LastModifiedTimeBefore') : undefined;
  const modifiedAfter = options.statusFilter ? optionalTimeMs(input, 'LastModifiedTimeAfter') : undefined;
  const status = options.statusFilter ? optionalEnum(input, 'StatusEquals', options.statusFilter) : undefined;
  const sortBy = optionalEnum(input, 'SortBy', options.sortBy) ?? 'CreationTime';
  const order = optionalEnum(input, 'SortOrder', ['Ascending', 'Descending'] as const) ?? 'Descending';
  const maxResults = optionalNumber(input, 'MaxResults', 1, 100) ?? options.defaultMaxResults;
  const fingerprint = JSON.stringify([
    nameContains,
    createdBefore,
    createdAfter,
    modifiedBefore,
    modifiedAfter,
    status,
    sortBy,
    order,
  ]);
  const offset = readToken(optionalString(input, 'NextToken'), fingerprint);

  const selected = [...items].filter(
    (item) =>
      (nameContains === undefined || item.name.toLowerCase().includes(nameContains)) &&
      (createdBefore === undefined || item.creationTimeMs < createdBefore) &&
      (createdAfter === undefined || item.creationTimeMs > createdAfter) &&
      (modifiedBefore === undefined || (item.lastModifiedTimeMs ?? 0) < modifiedBefore) &&
      (modifiedAfter === undefined || (item.lastModifiedTimeMs ?? 0) > modifiedAfter) &&
      (status === undefined || item.status === status),
  );
  const sign = order === 'Ascending' ? 1 : -1;
  selected.sort((a, b) => {
    const primary =
      sortBy === 'Name'
        ? a.name.localeCompare(b.name)
        : sortBy === 'Status'
          ? (a.status ?? '').localeCompare(b.status ?? '')
          : a.creationTimeMs - b.creationTimeMs;
    return sign * (primary !== 0 ? primary : a.name.localeCompare(b.name));
  });
  const page = selected.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < selected.length ? { page, nextToken: writeToken(next, fingerprint) } : { page };
}

function writeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64');
}

function readToken(token: string | undefined, fingerprint: string): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o?: unknown; f?: unknown };
    if (typeof parsed.o === 'number' && parsed.o >= 0 && parsed.f === fingerprint) return parsed.o;
  } catch {
    // falls through to the error below
  }
  throw validation(
    'Invalid pagination token; use the NextToken of the previous response with the same filters.',
  );
}
