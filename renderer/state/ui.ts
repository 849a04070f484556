/** UI state only: filters, dialogs, drafts, toasts. Never a copy of database rows. */
import { create } from 'zustand';
import type { Category } from '../../shared/catalog';
import type { LotStatus, Stage } from '../../shared/lifecycle';

export type LotSortKey = 'code' | 'model' | 'quantity' | 'costBasis' | 'nbv' | 'accumulated' | 'status' | 'site' | 'age';

export interface LotFilters {
  text: string;
  stage: Stage | '';
  status: LotStatus | '';
  siteId: string;
  category: Category | '';
  modelId: string;
}

export const EMPTY_FILTERS: LotFilters = { text: '', stage: '', status: '', siteId: '', category: '', modelId: '' };

export type Dialog =
  | { kind: 'move'; lotId: string; to?: LotStatus }
  | { kind: 'new-lot' }
  | { kind: 'import-lots'; fileName: string; text: string }
  | { kind: 'palette' }
  | { kind: 'model'; id: string | null }
  | { kind: 'site'; id: string | null }
  | { kind: 'clear-demo' }
  | { kind: 'observation'; modelId: string | null }
  | { kind: 'import-market'; fileName: string; text: string };

export interface Toast {
  id: number;
  tone: 'ok' | 'error';
  text: string;
}

interface UiState {
  filters: LotFilters;
  sort: { key: LotSortKey; dir: 'asc' | 'desc' };
  dialog: Dialog | null;
  toasts: Toast[];
  /** A unit to show (scan-to-find): its lot opens on the Units tab with the unit chosen. */
  unitFocus: { lotId: string; serial: string } | null;
  setFilter: <K extends keyof LotFilters>(key: K, value: LotFilters[K]) => void;
  resetFilters: () => void;
  sortBy: (key: LotSortKey) => void;
  open: (dialog: Dialog) => void;
  close: () => void;
  toast: (text: string, tone?: Toast['tone']) => void;
  dismissToast: (id: number) => void;
}

let toastId = 0;

export const useUi = create<UiState>((set) => ({
  filters: EMPTY_FILTERS,
  sort: { key: 'code', dir: 'asc' },
  dialog: null,
  toasts: [],
  unitFocus: null,
  setFilter: (key, value) => set((s) => ({ filters: { ...s.filters, [key]: value } })),
  resetFilters: () => set({ filters: EMPTY_FILTERS }),
  sortBy: (key) =>
    set((s) => ({ sort: s.sort.key === key ? { key, dir: s.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'age' || key === 'costBasis' || key === 'quantity' || key === 'nbv' || key === 'accumulated' ? 'desc' : 'asc' } })),
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
  toast: (text, tone = 'ok') => {
    toastId += 1;
    const id = toastId;
    set((s) => ({ toasts: [...s.toasts, { id, tone, text }] }));
    setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), tone === 'error' ? 9000 : 4500);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));
