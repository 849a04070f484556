/** UI state only: filters, dialogs, drafts, toasts. Never a copy of database rows. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Category } from '../../shared/catalog';
import { LOT_COLUMNS_PREFERENCE_KEY } from '../../shared/ipc';
import type { LotStatus, Stage } from '../../shared/lifecycle';
import type { OpenedYamlFile } from '../../shared/ipc';

export type LotSortKey = 'code' | 'model' | 'quantity' | 'costBasis' | 'nbv' | 'accumulated' | 'market' | 'gain' | 'status' | 'site' | 'age';

/** Columns that first sort largest-first: a register is read for its biggest, oldest lots. */
const DESCENDING_FIRST: ReadonlySet<LotSortKey> = new Set(['quantity', 'costBasis', 'nbv', 'accumulated', 'market', 'gain', 'age']);

/** The lots list's optional columns, hidden until the user turns them on in its Columns menu. */
export const OPTIONAL_LOT_COLUMNS = ['market', 'gain'] as const;
export type OptionalLotColumn = (typeof OPTIONAL_LOT_COLUMNS)[number];
export type LotColumnChoice = Record<OptionalLotColumn, boolean>;
export const DEFAULT_LOT_COLUMNS: Readonly<LotColumnChoice> = { market: false, gain: false };

/** The stored choice if it is one, else the default: local storage may hold anything (an older build, a hand edit). */
export function lotColumnChoice(stored: unknown): LotColumnChoice {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const choice = { ...DEFAULT_LOT_COLUMNS };
  for (const column of OPTIONAL_LOT_COLUMNS) {
    const value = record[column];
    if (typeof value === 'boolean') choice[column] = value;
  }
  return choice;
}

interface LotColumnsState {
  shown: LotColumnChoice;
  setShown: (column: OptionalLotColumn, shown: boolean) => void;
}

/**
 * Which optional lot columns are shown. A view preference of this device, so it lives in local
 * storage (kept across restarts, in Electron too) rather than in the database, whose backups and
 * exports are the books. Without local storage (tests in Node) it is simply not kept.
 */
export const useLotColumns = create<LotColumnsState>()(
  persist(
    (set) => ({
      shown: DEFAULT_LOT_COLUMNS,
      setShown: (column, shown) => set((s) => ({ shown: { ...s.shown, [column]: shown } })),
    }),
    {
      name: LOT_COLUMNS_PREFERENCE_KEY,
      version: 1,
      storage: createJSONStorage(() => window.localStorage),
      partialize: (s) => ({ shown: s.shown }),
      merge: (stored, current) => ({ ...current, shown: lotColumnChoice((stored as { shown?: unknown } | undefined)?.shown) }),
    },
  ),
);

export interface LotFilters {
  text: string;
  stage: Stage | '';
  status: LotStatus | '';
  siteId: string;
  category: Category | '';
  modelId: string;
  /** 'flagged': only lots whose model's origin the compliance policy flags. */
  origin: '' | 'flagged';
  /** 'missing': only ordered or received lots imported without their PO (shared/lifecycle.ts isPoMissing). */
  po: '' | 'missing';
}

export const EMPTY_FILTERS: LotFilters = { text: '', stage: '', status: '', siteId: '', category: '', modelId: '', origin: '', po: '' };

export type Dialog =
  | { kind: 'move'; lotId: string; to?: LotStatus }
  | { kind: 'new-lot' }
  | { kind: 'import-lots'; fileName: string; text: string }
  | { kind: 'import-snipeit'; fileName: string; text: string }
  | { kind: 'import-units'; fileName: string; text: string }
  | { kind: 'import-netbox'; files: OpenedYamlFile[] }
  | { kind: 'palette' }
  | { kind: 'model'; id: string | null }
  | { kind: 'site'; id: string | null }
  | { kind: 'supplier'; id: string | null }
  | { kind: 'clear-demo' }
  | { kind: 'observation'; modelId: string | null }
  | { kind: 'import-market'; fileName: string; text: string }
  | { kind: 'import-utilisation'; fileName: string; text: string }
  | { kind: 'import-rental-prices'; fileName: string; text: string }
  | { kind: 'category-rental-prices' };

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
    set((s) => ({ sort: s.sort.key === key ? { key, dir: s.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: DESCENDING_FIRST.has(key) ? 'desc' : 'asc' } })),
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
