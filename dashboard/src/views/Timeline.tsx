//! `#/timeline`: the tension timeline. One line per chosen dyad (undirected, country or
//! organisation level) by day or week, raw or normalised, drawn with uPlot; alerts are markers on
//! the lines that open the alert. The choice lives in the hash query (`dyads`, `by`, `norm`).

import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { get, type AlertDto, type HealthDto, type SeriesDto } from '../api';
import { Loaded, useLoad } from '../common';
import { href, type Route } from '../router';

/** The dyads shown when the link names none. */
export const DEFAULT_DYADS = ['RUS:UKR', 'RUS:USA', 'RUS:IGOWSTNAT'];
/** Dyads offered in the picker besides the chosen ones. */
const SUGGESTED = ['RUS:UKR', 'RUS:USA', 'RUS:IGOWSTNAT', 'USA:UKR', 'RUS:IGOEUREEC', 'UKR:IGOWSTNAT', 'RUS:BLR', 'USA:CHN'];
const COLORS = ['#c0392b', '#2471a3', '#7d3c98', '#1e8449', '#b9770e', '#17a589', '#566573', '#d35400'];
const DYAD_RE = /^[A-Z]{3,12}:[A-Z]{3,12}$/;

const DAY = 86_400;
const toTs = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 1000;
const toDate = (ts: number): string => new Date(ts * 1000).toISOString().slice(0, 10);

/** The timeline view. */
export function Timeline(props: { route: Route }) {
  const q = props.route.query;
  const dyads = (q.get('dyads') ?? DEFAULT_DYADS.join(',')).split(',').filter((d) => DYAD_RE.test(d));
  const by = q.get('by') === 'day' ? 'day' : 'week';
  const norm = q.get('norm') === '1';
  const set = (next: { dyads?: string[]; by?: string; norm?: boolean }) => {
    location.hash = href('timeline', {
      dyads: (next.dyads ?? dyads).join(','),
      by: next.by ?? by,
      norm: (next.norm ?? norm) ? '1' : undefined,
    });
  };
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState('');

  const key = `${dyads.join(',')}|${by}|${norm}`;
  const load = useLoad(key, async (signal) => {
    const health = await get<HealthDto>('health', {}, signal);
    const series = await Promise.all(
      dyads.map((d) =>
        get<SeriesDto>('series', { dyad: d, undirected: true, by, normalise: norm, from: health.first_date, to: health.last_date }, signal),
      ),
    );
    return { health, series };
  });

  const options = [...new Set([...dyads, ...SUGGESTED])];
  return (
    <section aria-labelledby="timeline-h">
      <h1 id="timeline-h">Tension timeline</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()} data-testid="timeline-controls">
        <fieldset>
          <legend>Dyads (either direction)</legend>
          {options.map((d) => (
            <label key={d} class="check">
              <input
                type="checkbox"
                checked={dyads.includes(d)}
                data-testid={`dyad-${d}`}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  set({ dyads: on ? [...dyads, d] : dyads.filter((x) => x !== d) });
                }}
              />
              {d.replace(':', '–')}
            </label>
          ))}
          <label class="inline">
            Add dyad{' '}
            <input
              value={custom}
              placeholder="RUS:BLR"
              size={14}
              data-testid="dyad-add"
              onInput={(e) => setCustom((e.currentTarget as HTMLInputElement).value.toUpperCase().trim())}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                const v = custom.replace('-', ':');
                if (!DYAD_RE.test(v)) return setCustomError('Write two codes as RUS:BLR');
                setCustomError('');
                setCustom('');
                if (!dyads.includes(v)) set({ dyads: [...dyads, v] });
              }}
            />
          </label>
          {customError && <span class="error">{customError}</span>}
        </fieldset>
        <fieldset>
          <legend>Scale</legend>
          <label class="check">
            <input type="radio" name="by" checked={by === 'day'} onChange={() => set({ by: 'day' })} data-testid="by-day" /> by day
          </label>
          <label class="check">
            <input type="radio" name="by" checked={by === 'week'} onChange={() => set({ by: 'week' })} data-testid="by-week" /> by week
          </label>
          <label class="check">
            <input type="checkbox" checked={norm} onChange={() => set({ norm: !norm })} data-testid="normalise" /> normalised
          </label>
        </fieldset>
      </form>
      {dyads.length === 0 ? (
        <p class="muted">Choose at least one dyad.</p>
      ) : (
        <Loaded load={load}>
          {({ series }) => (
            <>
              <Chart series={series} by={by} norm={norm} />
              <AlertStrip alerts={series.flatMap((s) => s.alerts)} />
            </>
          )}
        </Loaded>
      )}
    </section>
  );
}

/** Aligns the series on one x axis: every day (or every week seen) between the first and last point. */
function align(series: SeriesDto[], by: string): { xs: number[]; ys: (number | null)[][] } {
  const dates = new Set<string>();
  for (const s of series) for (const p of s.points) dates.add(p.date);
  let xs = [...dates].map(toTs).sort((a, b) => a - b);
  if (by === 'day' && xs.length > 1) {
    const all: number[] = [];
    for (let t = xs[0]; t <= xs[xs.length - 1]; t += DAY) all.push(t);
    xs = all;
  }
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const y: (number | null)[] = xs.map(() => 0);
    for (const p of s.points) {
      const i = index.get(toTs(p.date));
      if (i !== undefined) y[i] = p.value;
    }
    return y;
  });
  return { xs, ys };
}

function Chart(props: { series: SeriesDto[]; by: string; norm: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { xs, ys } = align(props.series, props.by);
    const alerts = props.series.map((s) => s.alerts);
    const placeMarkers = (u: uPlot) => {
      u.over.querySelectorAll('.alert-marker').forEach((m) => m.remove());
      alerts.forEach((list, si) => {
        for (const a of list) {
          const ts = toTs(a.date);
          // Week buckets: the alert's day falls inside the bucket that starts at or before it.
          let i = xs.findIndex((x) => x > ts) - 1;
          if (i < 0) i = xs[xs.length - 1] <= ts ? xs.length - 1 : 0;
          const y = ys[si][i] ?? 0;
          const m = document.createElement('a');
          m.className = `alert-marker sev-${a.severity}`;
          m.href = href('alerts', a.id);
          m.dataset.testid = 'alert-marker';
          m.dataset.alertId = a.id;
          m.title = `${a.dyad} ${a.date}: ${a.severity} (score ${a.score})`;
          m.setAttribute('aria-label', `Alert ${a.dyad} on ${a.date}, ${a.severity}`);
          m.style.left = `${u.valToPos(ts, 'x')}px`;
          m.style.top = `${u.valToPos(y, 'y')}px`;
          m.style.borderColor = COLORS[si % COLORS.length];
          u.over.appendChild(m);
        }
      });
    };
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height: 360,
      scales: { x: { time: true } },
      axes: [{}, { label: props.norm ? 'tension per 100 articles' : 'tension', size: 60 }],
      series: [
        { label: props.by === 'day' ? 'Day' : 'Week of', value: (_u, v) => (v == null ? '—' : toDate(v)) },
        ...props.series.map((s, i) => ({
          label: s.dyad,
          stroke: COLORS[i % COLORS.length],
          width: 2,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : props.norm ? v.toFixed(3) : String(v)),
        })),
      ],
      hooks: { draw: [placeMarkers, () => setDrawn((n) => n + 1)] },
    };
    const plot = new uPlot(opts, [xs, ...ys] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 360 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [props.series, props.by, props.norm]);
  const points = props.series.reduce((n, s) => n + s.points.length, 0);
  return (
    <figure class="chart">
      <div
        ref={box}
        data-testid="timeline-chart"
        data-series={props.series.length}
        data-points={points}
        data-drawn={drawn > 0 ? 'true' : 'false'}
        role="img"
        aria-label={`Conflict events over time for ${props.series.map((s) => s.dyad).join(', ')}`}
      />
      <figcaption class="muted">
        Tension: the metric the alert rules watch (from the server's signal rules){props.norm ? ', per 100 articles published in the bucket' : ''}, both
        directions of each dyad. Markers are alerts; click one to see why it fired.
      </figcaption>
    </figure>
  );
}

function AlertStrip(props: { alerts: AlertDto[] }) {
  const alerts = [...props.alerts].sort((a, b) => (a.date < b.date ? 1 : -1));
  if (alerts.length === 0) return <p class="muted">No alerts on these dyads.</p>;
  return (
    <section aria-labelledby="tl-alerts-h">
      <h2 id="tl-alerts-h">Alerts on these dyads</h2>
      <ul class="chips" data-testid="timeline-alerts">
        {alerts.map((a) => (
          <li key={a.id}>
            <a class={`chip sev-${a.severity}`} href={href('alerts', a.id)} data-testid="timeline-alert-link">
              {a.date} {a.dyad} · {a.severity}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
