/**
 * The text colours of both themes against the backgrounds they are drawn on, from the custom
 * properties in renderer/styles/app.css: WCAG 2 AA asks 4.5:1 for body-size text (the app's text
 * is 11–15 px, none of it "large"). Each pair below is one the app draws; where names it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const css = readFileSync(fileURLToPath(new URL('../../renderer/styles/app.css', import.meta.url)), 'utf8');

/** The custom properties declared in the first block that starts with `selector {`. */
function tokensOf(selector: string): Map<string, string> {
  const at = css.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`No "${selector} {" in app.css`);
  const body = css.slice(at + selector.length + 2, css.indexOf('}', at));
  return new Map([...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/gu)].map((m) => [m[1] as string, (m[2] as string).trim()]));
}

const light = tokensOf(':root');
const themes: [string, Map<string, string>][] = [
  ['light', light],
  // Dark as the OS asks for it, and as Settings pins it: each overrides the light tokens.
  ['dark (system)', new Map([...light, ...tokensOf(":root:not([data-theme='light'])")])],
  ['dark (pinned)', new Map([...light, ...tokensOf(":root[data-theme='dark']")])],
];

function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/iu.exec(hex);
  if (!m) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h as string, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** [text token, background tokens, where the app draws it]. */
const PAIRS: [string, string[], string][] = [
  ['--text', ['--bg', '--surface', '--surface-2', '--accent-soft', '--warn-soft', '--danger-soft', '--ok-soft'], 'body text, on pages, cards, table heads, the active row, banners and alerts'],
  ['--text-2', ['--bg', '--surface', '--surface-2', '--accent-soft', '--warn-soft'], 'labels, nav items, secondary text'],
  ['--text-3', ['--bg', '--surface', '--surface-2', '--accent-soft', '--warn-soft'], '.muted text, hints, the palette’s details (also on its selected row), dates in history'],
  ['--accent', ['--surface', '--surface-2', '--accent-soft'], 'the current view in the navigation, the selected tab, a pressed segmented button'],
  ['--accent-text', ['--accent'], 'primary buttons'],
  ['--danger', ['--surface', '--surface-2', '--accent-soft'], 'field messages (also in a dialog’s footer), losses, in the active row too'],
  ['--ok', ['--surface', '--surface-2', '--accent-soft'], 'gains, in the active row too; verified sanitisation'],
  ['--warn', ['--warn-soft', '--surface'], 'warning badges (origin, PO missing, conflicts), the demo tag on the demo banner'],
  ['--st-procure', ['--surface', '--surface-2'], 'status badges and the Pipeline’s status headings of the stage'],
  ['--st-deploy', ['--surface', '--surface-2'], 'status badges and the Pipeline’s status headings of the stage'],
  ['--st-refresh', ['--surface', '--surface-2'], 'status badges and the Pipeline’s status headings of the stage'],
  ['--st-decommission', ['--surface', '--surface-2'], 'status badges and the Pipeline’s status headings of the stage'],
];

describe('theme contrast (WCAG AA, 4.5:1 for text)', () => {
  for (const [theme, tokens] of themes) {
    it(`${theme}: every text colour on the backgrounds it is drawn on`, () => {
      const failing: string[] = [];
      for (const [fg, bgs, where] of PAIRS) {
        for (const bg of bgs) {
          const ratio = contrast(tokens.get(fg) as string, tokens.get(bg) as string);
          if (ratio < 4.5) failing.push(`${fg} on ${bg}: ${ratio.toFixed(2)}:1 (${where})`);
        }
      }
      expect(failing).toEqual([]);
    });
  }
});
