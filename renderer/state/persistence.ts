import { create } from 'zustand';

/** The browser's answer to "keep this data persistently?", asked once at start. */
export const usePersistence = create<{ answer: { persisted: boolean; supported: boolean } | null }>(() => ({ answer: null }));
