//! `#/network`: who acts on whom in a period, at country or organisation level. The layout is a
//! d3-force simulation run to rest before drawing (deterministic: nodes start on a circle), drawn to
//! SVG; an edge's colour is its share of conflict events and its width the number of events.
//! Clicking a node or an edge opens the matching events.

import { useMemo } from 'preact/hooks';
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import { get, type HealthDto, type NetworkDto } from '../api';
import { Loaded, useLoad } from '../common';
import { href, type Route } from '../router';

const MAX_NODES = 40;
const W = 900;
const H = 620;

interface Node extends SimulationNodeDatum {
  code: string;
  name: string;
  events: number;
  r: number;
}
interface Link extends SimulationLinkDatum<Node> {
  events: number;
  conflict: number;
  goldstein_mean: number;
}

/** The network view. */
export function Network(props: { route: Route }) {
  const q = props.route.query;
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const min = Math.max(1, Number.parseInt(q.get('min_events') ?? '5', 10) || 5);
  const load = useLoad(`net|${from}|${to}|${min}`, async (signal) => {
    const net = await get<NetworkDto>('network', { from, to, min_events: min }, signal);
    const health = await get<HealthDto>('health', {}, signal);
    return { net, health };
  });
  const set = (k: string, v: string) => {
    location.hash = href('network', { from, to, min_events: min, [k]: v });
  };
  return (
    <section aria-labelledby="network-h">
      <h1 id="network-h">Actor network</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          From <input type="date" value={from} onChange={(e) => set('from', (e.currentTarget as HTMLInputElement).value)} data-testid="net-from" />
        </label>
        <label>
          To <input type="date" value={to} onChange={(e) => set('to', (e.currentTarget as HTMLInputElement).value)} data-testid="net-to" />
        </label>
        <label>
          At least{' '}
          <input type="number" min={1} max={1000} value={min} onChange={(e) => set('min_events', (e.currentTarget as HTMLInputElement).value)} data-testid="net-min" /> events per edge
        </label>
      </form>
      <Loaded load={load}>{({ net, health }) => <Graph net={net} from={from || health.first_date || ''} to={to || health.last_date || ''} />}</Loaded>
    </section>
  );
}

function Graph(props: { net: NetworkDto; from: string; to: string }) {
  const { nodes, links } = useMemo(() => layout(props.net), [props.net]);
  if (nodes.length === 0) return <p class="muted">No pair of actors reaches that many events in this period.</p>;
  const maxEvents = Math.max(...links.map((l) => l.events));
  return (
    <figure class="network">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Network of ${nodes.length} actors and ${links.length} relations`} data-testid="network-svg">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#888" />
          </marker>
        </defs>
        {links.map((l) => {
          const s = l.source as Node;
          const t = l.target as Node;
          const dx = (t.x ?? 0) - (s.x ?? 0);
          const dy = (t.y ?? 0) - (s.y ?? 0);
          const len = Math.hypot(dx, dy) || 1;
          // Curve slightly so that A→B and B→A do not overlap; stop at the target's rim.
          const ex = (t.x ?? 0) - (dx / len) * (t.r + 2);
          const ey = (t.y ?? 0) - (dy / len) * (t.r + 2);
          const mx = ((s.x ?? 0) + ex) / 2 - (dy / len) * 18;
          const my = ((s.y ?? 0) + ey) / 2 + (dx / len) * 18;
          const share = l.conflict / l.events;
          return (
            <a key={`${s.code}>${t.code}`} href={href('events', { dyad: `${s.code}:${t.code}`, from: props.from, to: props.to })} data-testid="network-edge">
              <path
                d={`M ${s.x} ${s.y} Q ${mx} ${my} ${ex} ${ey}`}
                fill="none"
                stroke={`hsl(${120 - 120 * share} 65% 42%)`}
                stroke-opacity="0.7"
                stroke-width={1 + (5 * l.events) / maxEvents}
                marker-end="url(#arrow)"
              >
                <title>
                  {s.code} → {t.code}: {l.events} events, {Math.round(share * 100)}% conflict, mean Goldstein {l.goldstein_mean}
                </title>
              </path>
            </a>
          );
        })}
        {nodes.map((n) => (
          <a key={n.code} href={href('events', { actor: n.code, from: props.from, to: props.to })} data-testid="network-node" data-code={n.code}>
            <circle cx={n.x} cy={n.y} r={n.r} fill="#e8eef6" stroke="#2c3e50" stroke-width="1.2">
              <title>
                {n.name} ({n.code}): {n.events} events
              </title>
            </circle>
            <text x={n.x} y={(n.y ?? 0) + 4} text-anchor="middle" font-size={n.r > 16 ? 12 : 10}>
              {n.code}
            </text>
          </a>
        ))}
      </svg>
      <figcaption class="muted">
        {nodes.length} actors (the {MAX_NODES} busiest at most) · edge colour: green cooperation → red conflict · width: events. Click a node or an edge to see its events.
      </figcaption>
    </figure>
  );
}

/** Keeps the busiest nodes and runs the force layout to rest. */
function layout(net: NetworkDto): { nodes: Node[]; links: Link[] } {
  const top = [...net.nodes].sort((a, b) => b.events - a.events || (a.code < b.code ? -1 : 1)).slice(0, MAX_NODES);
  const maxEv = Math.max(1, ...top.map((n) => n.events));
  const nodes: Node[] = top.map((n, i) => {
    const angle = (2 * Math.PI * i) / top.length;
    return { ...n, r: 8 + 22 * Math.sqrt(n.events / maxEv), x: W / 2 + 250 * Math.cos(angle), y: H / 2 + 250 * Math.sin(angle) };
  });
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const links: Link[] = net.edges
    .filter((e) => byCode.has(e.source) && byCode.has(e.target) && e.source !== e.target)
    .map((e) => ({ source: byCode.get(e.source) as Node, target: byCode.get(e.target) as Node, events: e.events, conflict: e.conflict, goldstein_mean: e.goldstein_mean }));
  const sim = forceSimulation<Node>(nodes)
    .force('charge', forceManyBody<Node>().strength(-300))
    .force('link', forceLink<Node, Link>(links).distance(130).strength(0.25))
    .force('collide', forceCollide<Node>((n) => n.r + 14))
    .force('x', forceX<Node>(W / 2).strength(0.06))
    .force('y', forceY<Node>(H / 2).strength(0.08))
    .stop();
  for (let i = 0; i < 300; i++) sim.tick();
  // Fit the resting layout into the drawing, whatever the forces left it.
  const pad = 40;
  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min((W - 2 * pad) / Math.max(1, x1 - x0), (H - 2 * pad) / Math.max(1, y1 - y0));
  for (const n of nodes) {
    n.x = pad + ((n.x ?? 0) - x0) * k + (W - 2 * pad - (x1 - x0) * k) / 2;
    n.y = pad + ((n.y ?? 0) - y0) * k + (H - 2 * pad - (y1 - y0) * k) / 2;
  }
  return { nodes, links };
}
