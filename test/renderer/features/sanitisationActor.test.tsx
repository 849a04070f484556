// @vitest-environment jsdom
/**
 * The sanitisation record starts with the person's name (Settings → Your name) as "Performed
 * by": the form must take it from the stored settings, not from the built-in defaults that stand
 * in for the first render while the settings are read (an empty name).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { SanitisationDialog } from '../../../renderer/features/units/SanitisationDialog';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  await db.setSetting('actorName', '');
});

const field = (r: Rendered, label: string): HTMLInputElement => {
  const l = [...r.container.querySelectorAll('label')].find((x) => x.textContent === label);
  const input = l ? r.container.ownerDocument.getElementById(l.htmlFor) : null;
  if (!(input instanceof HTMLInputElement)) throw new Error(`No field "${label}" in: ${r.text()}`);
  return input;
};

describe('Record sanitisation', () => {
  it('starts with the name set in Settings as Performed by', async () => {
    await db.setSetting('actorName', 'Åsa Lindqvist');
    shown = await render(<SanitisationDialog serials={['U001']} onClose={() => undefined} onDone={() => undefined} />);
    expect(field(shown, 'Performed by').value).toBe('Åsa Lindqvist');
  });
});
