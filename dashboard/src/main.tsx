//! The app shell: header with the navigation and the database summary, and the hash-route switch
//! that picks a view. Every view owns its data loading; nothing global is fetched but /health.

import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { get, type HealthDto } from './api';
import { useLoad } from './common';
import { href, useRoute, type Route } from './router';
import './style.css';
import { AlertDetail, AlertList } from './views/Alerts';
import { Article } from './views/Article';
import { Events } from './views/Events';
import { Network } from './views/Network';
import { Quotes } from './views/Quotes';
import { Timeline } from './views/Timeline';

const NAV: [string, string][] = [
  ['timeline', 'Timeline'],
  ['alerts', 'Alerts'],
  ['events', 'Events'],
  ['quotes', 'Quotes'],
  ['network', 'Network'],
];

function View(props: { route: Route }) {
  const [name, arg] = props.route.path;
  switch (name ?? 'timeline') {
    case 'timeline':
      return <Timeline route={props.route} />;
    case 'alerts':
      return arg ? <AlertDetail id={arg} /> : <AlertList route={props.route} />;
    case 'events':
      return <Events route={props.route} />;
    case 'articles':
      return arg ? <Article id={arg} route={props.route} /> : <Events route={props.route} />;
    case 'quotes':
      return <Quotes route={props.route} />;
    case 'network':
      return <Network route={props.route} />;
    default:
      return (
        <p class="error" role="alert" data-testid="error">
          No such page. <a href={href('timeline')}>Go to the timeline</a>.
        </p>
      );
  }
}

function App() {
  const route = useRoute();
  const current = route.path[0] === 'articles' ? 'events' : (route.path[0] ?? 'timeline');
  const health = useLoad('health', (signal) => get<HealthDto>('health', {}, signal));
  const main = `${route.path.join('/')}`;
  useEffect(() => {
    // Move focus to the new page's heading so that keyboard and screen-reader users follow the route.
    const h = document.querySelector<HTMLElement>('main h1');
    if (h) {
      h.tabIndex = -1;
      h.focus({ preventScroll: true });
    }
  }, [main]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header>
        <strong class="brand">redline</strong>
        <nav aria-label="Views">
          {NAV.map(([k, label]) => (
            <a key={k} href={href(k)} aria-current={current === k ? 'page' : undefined} data-testid={`nav-${k}`}>
              {label}
            </a>
          ))}
        </nav>
        <span class="muted summary" data-testid="health">
          {health.state === 'ok'
            ? `${health.data.articles.toLocaleString('en')} articles · ${health.data.events.toLocaleString('en')} events · ${health.data.quotes.toLocaleString('en')} quotes · ${health.data.first_date ?? ''} – ${health.data.last_date ?? ''}`
            : health.state === 'error'
              ? 'server unreachable'
              : ''}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <View route={route} />
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
