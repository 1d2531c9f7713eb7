//! Hash routing: `#/view/arg?key=value` parsed into a path and query, and the hook that re-renders
//! on change. Filters live in the hash query so that every view state is a link.

import { useEffect, useState } from 'preact/hooks';

/** A parsed hash route. */
export interface Route {
  /** Path segments, decoded: `#/alerts/RUS-UKR-1` gives `['alerts', 'RUS-UKR-1']`. */
  path: string[];
  /** The query after `?` in the hash. */
  query: URLSearchParams;
}

/** Parses a location hash such as `#/events?actor=RUS`. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const pathPart = q >= 0 ? raw.slice(0, q) : raw;
  const queryPart = q >= 0 ? raw.slice(q + 1) : '';
  const path = pathPart
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, query: new URLSearchParams(queryPart) };
}

/** Builds a hash link: `href('articles', id)` or `href('events', {}, {actor: 'RUS'})`. */
export function href(...parts: (string | Record<string, string | number | undefined | null>)[]): string {
  const segs: string[] = [];
  let query = '';
  for (const p of parts) {
    if (typeof p === 'string') segs.push(encodeURIComponent(p));
    else {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
      query = q.toString();
    }
  }
  return `#/${segs.join('/')}${query ? `?${query}` : ''}`;
}

/** The current route; re-renders the caller on `hashchange`. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
