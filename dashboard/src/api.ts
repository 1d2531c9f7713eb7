//! The client side of the HTTP API contract (v1): the response types as the server sends them and
//! one `get` helper that turns error bodies into `ApiError`s. Nothing else in the app builds URLs
//! for `/api/v1`.

/** An actor slot of an event. */
export interface EventActor {
  code: string;
  name: string;
  text: string;
  span: [number, number];
  kind: string;
  entry: string;
}

/** A coded event, with its evidence. */
export interface EventDto {
  article_id: string;
  seq: number;
  sentence: number;
  date: string | null;
  source: EventActor;
  target: EventActor | null;
  cameo: string;
  root: string;
  plover: string | null;
  quad_class: number;
  goldstein: number;
  evidence: { text: string; span: [number, number] };
  rule: { id: string; pattern: string };
  modality: string;
  story_id: string | null;
  article_title: string | null;
}

/** A quotation. */
export interface QuoteDto {
  article_id: string;
  seq: number;
  text: string;
  span: [number, number];
  kind: string;
  speaker: { name: string | null; code: string | null; span: [number, number] | null } | null;
  date: string | null;
  article_title: string | null;
}

/** An actor mention in an article. */
export interface MentionDto {
  span: [number, number];
  code: string;
  name: string;
  kind: string;
}

/** One article with its annotations. */
export interface ArticleDto {
  id: string;
  title: string | null;
  date: string | null;
  url: string | null;
  source_host: string | null;
  story_id: string | null;
  text: string;
  mentions: MentionDto[];
  events: EventDto[];
  quotes: QuoteDto[];
}

/** A short reference to an article. */
export interface ArticleRef {
  id: string;
  title: string | null;
  date: string | null;
  url: string | null;
}

/** An alert with the evidence that explains it. */
export interface AlertDto {
  id: string;
  dyad: string;
  date: string;
  severity: string;
  score: number;
  value: number;
  baseline: number;
  rule: string;
  explanation?: { events: EventDto[]; quotes: QuoteDto[]; articles: ArticleRef[] };
}

/** One bucket of a dyad series. */
export interface SeriesPoint {
  date: string;
  events: number;
  quad: [number, number, number, number];
  goldstein_sum: number;
  goldstein_mean: number;
  conflict_share: number;
  stories: number;
  sources: number;
  value: number;
}

/** A dyad series with the alerts that fired on it. */
export interface SeriesDto {
  dyad: string;
  by: string;
  points: SeriesPoint[];
  alerts: AlertDto[];
}

/** The actor network of a period. */
export interface NetworkDto {
  nodes: { code: string; name: string; events: number }[];
  edges: { source: string; target: string; events: number; conflict: number; goldstein_mean: number }[];
}

/** Database totals and date range. */
export interface HealthDto {
  status: string;
  articles: number;
  events: number;
  quotes: number;
  stories: number;
  first_date: string | null;
  last_date: string | null;
}

/** A page of a paged listing. */
export interface Paged<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
}

/** A failed API call: the HTTP status and the contract's stable error code. */
export class ApiError extends Error {
  /** HTTP status (0 when the server could not be reached). */
  readonly status: number;
  /** The stable snake_case code from the error body, or `network` / `bad_response`. */
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Query parameters; empty, null and undefined values are left out. */
export type Params = Record<string, string | number | boolean | null | undefined>;

/** Builds `/api/v1/{path}?{params}`. */
export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return `/api/v1/${path}${s ? `?${s}` : ''}`;
}

/** GETs an API path and parses its JSON; rejects with an `ApiError`. */
export async function get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, params), { signal, headers: { accept: 'application/json' } });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'the server could not be reached');
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status, 'bad_response', `the server answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } }).error;
    throw new ApiError(res.status, err?.code ?? 'unknown', err?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

/** The path segment for an id (article ids contain no slash, but may contain anything else). */
export const idPath = (id: string): string => encodeURIComponent(id);
