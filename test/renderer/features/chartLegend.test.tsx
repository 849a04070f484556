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
