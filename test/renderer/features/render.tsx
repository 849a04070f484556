/**
 * Renders a component into jsdom for a test (React's own `act`, no extra library): the tests
 * that use it start with `// @vitest-environment jsdom`.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// jsdom has no modal dialogs; the app's Dialog only needs showModal to exist.
if (typeof HTMLDialogElement !== 'undefined' && typeof HTMLDialogElement.prototype.showModal !== 'function') {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
}

export interface Rendered {
  container: HTMLElement;
  text: () => string;
  unmount: () => Promise<void>;
}

/** Renders `node` and lets effects and pending promises settle. */
export async function render(node: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.append(container);
  let root: Root | null = null;
  await act(async () => {
    root = createRoot(container);
    root.render(node);
  });
  await settle();
  return {
    container,
    text: () => container.textContent ?? '',
    unmount: async () => {
      await act(async () => root?.unmount());
      container.remove();
    },
  };
}

/** Lets queued promises (IndexedDB requests, effects' fetches) finish inside `act`. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

/** Clicks the button whose text contains `label`. */
export async function click(container: HTMLElement, label: string): Promise<void> {
  const button = [...container.querySelectorAll('button')].find((b) => (b.textContent ?? '').includes(label));
  if (!button) throw new Error(`No button "${label}" in: ${container.textContent ?? ''}`);
  await act(async () => {
    button.click();
  });
  await settle();
}

/** Types `value` into an input as a person does: React sees the change (the value setter React watches, then an input event). */
export async function typeInto(input: HTMLElement, value: string): Promise<void> {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** A wedge scanner's scan: the code typed, then Enter. */
export async function scanInto(input: HTMLInputElement, code: string): Promise<void> {
  await typeInto(input, code);
  await act(async () => {
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  });
}
