import { useId } from 'react';

export interface ChartSeries {
  label: string;
  /** x is a month index (year × 12 + month − 1); y in minor units. */
  points: readonly { x: number; y: number }[];
  /** A CSS colour or variable. Never the only difference: each line also gets its own pattern. */
  color: string;
  /** Drawn dashed (e.g. the other book, for comparison); the other lines keep patterns of their own. */
  dashed?: boolean;
  /** Drawn as a shaded band between `points` (lower) and `upper`. */
  upper?: readonly { x: number; y: number }[];
}

interface Props {
  series: readonly ChartSeries[];
  /** Month index of "today", marked with a vertical line. */
  today?: number;
  formatY: (minor: number) => string;
  height?: number;
  label: string;
  /** Scatter points (e.g. market observations). */
  dots?: readonly ChartDot[];
  /** The legend's name for the hollow dots (`excluded`), e.g. "Price left out of the fit". */
  excludedLabel?: string;
}

export interface ChartDot {
  x: number;
  y: number;
  /** The dot's tooltip. */
  title: string;
  /**
   * Drawn hollow and grey, and kept out of the y scale (one price a thousand times too high would
   * flatten everything else): beyond the top it sits on the top edge, and its tooltip says so.
   */
  excluded?: boolean;
}

/**
 * The stroke patterns that tell the lines apart without their colour (WCAG 1.4.1): solid, dotted,
 * dash-dot, long dash, in the order the lines come; a series marked `dashed` is drawn with
 * DASHED and the others take the patterns left.
 */
const PATTERNS: readonly (string | undefined)[] = [undefined, '1.5 3', '8 3 1.5 3', '12 4'];
const DASHED = '5 4';

function linePatterns(series: readonly ChartSeries[]): (string | undefined)[] {
  let next = 0;
  return series.map((s) => (s.upper ? undefined : s.dashed ? DASHED : PATTERNS[next++ % PATTERNS.length]));
}

/** A legend entry's sample: the line as drawn (its colour and pattern), or the band's shade. */
function Swatch({ series, pattern }: { series: ChartSeries; pattern: string | undefined }) {
  return (
    <svg className="chart-swatch" width={24} height={10} viewBox="0 0 24 10" aria-hidden="true">
      {series.upper ? (
        <rect x={0} y={1} width={24} height={8} fill={series.color} opacity={0.35} />
      ) : (
        <line x1={0} x2={24} y1={5} y2={5} stroke={series.color} strokeWidth={2} strokeDasharray={pattern} />
      )}
    </svg>
  );
}

const W = 720;
const PAD = { left: 64, right: 16, top: 12, bottom: 28 };

function niceStep(range: number, ticks: number): number {
  const raw = range / Math.max(1, ticks);
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/** A small dependency-free SVG line chart: months on x, money on y, today marked. */
export function LineChart({ series, today, formatY, height = 240, label, dots = [], excludedLabel = 'Not counted' }: Props) {
  const id = useId();
  const dash = linePatterns(series);
  const counted = [...series.flatMap((s) => [...s.points, ...(s.upper ?? [])]), ...dots.filter((d) => d.excluded !== true)];
  if (counted.length === 0 && dots.length === 0) return <p className="muted">Nothing to chart.</p>;
  const xs = [...counted, ...dots].map((p) => p.x);
  const ys = counted.map((p) => p.y);
  const x0 = Math.min(...xs, today ?? Infinity);
  const x1 = Math.max(...xs, today ?? -Infinity, x0 + 1);
  const yMax = Math.max(...ys, 1);
  const step = niceStep(yMax, 4);
  const top = Math.ceil(yMax / step) * step;
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => PAD.top + (1 - y / top) * (height - PAD.top - PAD.bottom);
  const path = (pts: readonly { x: number; y: number }[]) => pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
  const yTicks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const firstYear = Math.ceil(x0 / 12);
  const lastYear = Math.floor(x1 / 12);
  const yearStep = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 10));
  const years: number[] = [];
  for (let y = firstYear; y <= lastYear; y += yearStep) years.push(y);

  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} className="chart-grid" />
            <text x={PAD.left - 6} y={sy(t) + 4} className="chart-axis" textAnchor="end">{formatY(t)}</text>
          </g>
        ))}
        {years.map((y) => (
          <g key={y}>
            <line x1={sx(y * 12)} x2={sx(y * 12)} y1={height - PAD.bottom} y2={height - PAD.bottom + 4} className="chart-grid" />
            <text x={sx(y * 12)} y={height - 8} className="chart-axis" textAnchor="middle">{y}</text>
          </g>
        ))}
        {series.map((s) =>
          s.upper ? (
            <path key={`${s.label}-band`} d={`${path(s.points)}${[...s.upper].reverse().map((p) => `L${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('')}Z`}
              fill={s.color} opacity={0.15} />
          ) : null,
        )}
        {series.map((s, i) => s.upper ? null : (
          <path key={s.label} d={path(s.points)} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={dash[i]} />
        ))}
        {dots.map((d, i) =>
          d.excluded === true ? (
            <circle key={i} cx={sx(d.x)} cy={sy(Math.min(Math.max(d.y, 0), top))} r={3.5} className="chart-dot-excluded">
              <title>{d.y > top ? `${d.title} (above the chart's scale)` : d.title}</title>
            </circle>
          ) : (
            <circle key={i} cx={sx(d.x)} cy={sy(d.y)} r={3} className="chart-dot"><title>{d.title}</title></circle>
          ),
        )}
        {today !== undefined && (
          <g>
            <line x1={sx(today)} x2={sx(today)} y1={PAD.top} y2={height - PAD.bottom} className="chart-today" />
            <text x={sx(today) + 4} y={PAD.top + 10} className="chart-axis">today</text>
          </g>
        )}
      </svg>
      <figcaption id={`${id}-cap`} className="chart-legend">
        {series.map((s, i) => (
          <span key={s.label}>
            <Swatch series={s} pattern={dash[i]} /> {s.label}
          </span>
        ))}
        {dots.some((d) => d.excluded === true) && (
          <span>
            <svg className="chart-swatch" width={24} height={10} viewBox="0 0 24 10" aria-hidden="true">
              <circle cx={12} cy={5} r={3.5} className="chart-dot-excluded" />
            </svg>{' '}
            {excludedLabel}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

/** "1.2M", "350k", "900": axis labels that fit, in the currency's major units. */
export function compactAmount(minor: number, minorDigits: number): string {
  const major = minor / 10 ** minorDigits;
  const abs = Math.abs(major);
  if (abs >= 1e9) return `${(major / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}B`;
  if (abs >= 1e6) return `${(major / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `${(major / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return major.toFixed(0);
}
