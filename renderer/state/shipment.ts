/**
 * The shipment being collected in the shipment view (#/shipment): the serials scanned, in scan
 * order, and the reference typed. UI state only — serials, never unit rows (those are read from
 * the fleet when shown) — kept while the technician goes elsewhere (a lot, to record a missing
 * sanitisation) and comes back. Its copy on disk, for a reload or a crash, is a draft
 * (renderer/features/units/shipmentDraft.ts), not this store.
 */
import { create } from 'zustand';

interface ShipmentState {
  serials: readonly string[];
  /** A waybill / bill-of-lading number or any reference the user types; '' when none. */
  reference: string;
  setSerials: (serials: readonly string[]) => void;
  setReference: (reference: string) => void;
  clear: () => void;
}

export const useShipment = create<ShipmentState>((set) => ({
  serials: [],
  reference: '',
  setSerials: (serials) => set({ serials }),
  setReference: (reference) => set({ reference }),
  /** A new shipment: no units, no reference. */
  clear: () => set({ serials: [], reference: '' }),
}));
