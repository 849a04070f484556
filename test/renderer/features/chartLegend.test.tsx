// @vitest-environment jsdom
/**
 * A chart's series can be told apart without their colour (WCAG 1.4.1): each line has its own
 * stroke pattern, and the legend shows each label with that pattern, so a reader who cannot tell
 * the green from the blue still knows which line is the book value.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LineChart, type ChartSeries } from '../../../renderer/components/LineChart';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

const pts = (...ys: number[]) => ys.map((y, i) => ({ x: 24_300 + i, y }));

/** The stroke pattern of each line in the plot, by the order drawn, and of each legend entry, by its label. */
function patterns(r: Rendered) {
  const plot = r.container.querySelector('svg[role="img"]');
  const lines = [...(plot?.querySelectorAll('path[fill="none"]') ?? [])].map((p) => p.getAttribute('stroke-dasharray') ?? 'solid');
  const legend = new Map(
    [...r.container.querySelectorAll('figcaption > span')].map((entry) => {
      const swatch = entry.querySelector('line');
      return [entry.textContent?.trim() ?? '', swatch ? swatch.getAttribute('stroke-dasharray') ?? 'solid' : 'none'];
    }),
  );
  return { lines, legend };
}

describe('LineChart series without colour', () => {
  it('draws each line with its own pattern, and the legend shows that pattern by its label', async () => {
    const series: ChartSeries[] = [
      { label: 'Market p10–p90', points: pts(5, 4, 3), upper: pts(9, 8, 7), color: 'var(--ok)' },
      { label: 'Market p50', points: pts(7, 6, 5), color: 'var(--ok)' },
      { label: 'Book value', points: pts(8, 5, 2), color: 'var(--accent)' },
    ];
    shown = await render(<LineChart series={series} label="Value" formatY={String} />);
    const { lines, legend } = patterns(shown);
    expect(lines).toHaveLength(2);
    expect(new Set(lines).size).toBe(2);
    expect(legend.get('Market p50')).toBe(lines[0]);
    expect(legend.get('Book value')).toBe(lines[1]);
  });

  it('keeps a dashed series dashed and the others apart from it, whichever is first', async () => {
    for (const dashedFirst of [true, false]) {
      const series: ChartSeries[] = [
        { label: 'Book value', points: pts(8, 5, 2), color: 'var(--accent)', dashed: dashedFirst },
        { label: 'Tax value', points: pts(8, 4, 1), color: 'var(--st-refresh)', dashed: !dashedFirst },
      ];
      shown = await render(<LineChart series={series} label="Value" formatY={String} />);
      const { lines, legend } = patterns(shown);
      expect(new Set(lines).size).toBe(2);
      expect(legend.get('Book value')).toBe(lines[0]);
      expect(legend.get('Tax value')).toBe(lines[1]);
      await shown.unmount();
      shown = null;
    }
  });
});

describe('LineChart dots left out', () => {
  it('draws an excluded dot hollow, keeps it out of the y scale (on the top edge, saying so) and names it in the legend', async () => {
    const series: ChartSeries[] = [{ label: 'Fitted p50', points: pts(900, 800, 700), color: 'var(--accent)' }];
    const dots = [
      { x: 24_300, y: 850, title: 'counted' },
      { x: 24_301, y: 1e15, title: 'typo; left out of the fit', excluded: true },
    ];
    shown = await render(<LineChart series={series} label="Prices" formatY={String} dots={dots} excludedLabel="Price left out of the fit" />);
    const plot = shown.container.querySelector('svg[role="img"]')!;
    expect([...plot.querySelectorAll('.chart-dot')].map((c) => c.textContent)).toEqual(['counted']);
    const hollow = [...plot.querySelectorAll('.chart-dot-excluded')];
    expect(hollow.map((c) => c.textContent)).toEqual(["typo; left out of the fit (above the chart's scale)"]);
    // The y axis runs to a round figure above the counted values, not to 10^15.
    expect([...plot.querySelectorAll('text.chart-axis')].map((t) => t.textContent)).toContain('1000');
    expect(Number(hollow[0]!.getAttribute('cy'))).toBe(12); // the plot's top edge
    expect([...shown.container.querySelectorAll('figcaption > span')].map((e) => e.textContent?.trim())).toEqual(['Fitted p50', 'Price left out of the fit']);
  });
});
