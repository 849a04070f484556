/**
 * The shipment list kept as a draft (issue 9): gathering a pallet is long work, and a reload or
 * a crash in the middle of it gives the list (and the reference typed) back when the shipment
 * view opens again. The list itself stays UI state (renderer/state/shipment.ts); this keeps its
 * copy on disk (renderer/db/drafts.ts).
 */
import { db } from '../../db/db';
import { draftWriter, loadDraft, SHIPMENT_DRAFT } from '../../db/drafts';
import { useShipment } from '../../state/shipment';

/** One shipment list, one draft, one writer: its writes stay in order whichever view made them. */
export const shipmentDraft = draftWriter(db, SHIPMENT_DRAFT);

let keeping = false;

/**
 * From now on, every change of the list is kept as the draft wherever it is made (a scan still
 * being looked up when the technician leaves the view lands in the draft too); an emptied list
 * (Clear) deletes it. Started once, after the saved draft has been given back, so the empty list
 * of a fresh start never replaces it.
 */
function keepShipmentDraft(): void {
  if (keeping) return;
  keeping = true;
  useShipment.subscribe((now, before) => {
    if (now.serials === before.serials && now.reference === before.reference) return;
    if (now.serials.length === 0 && now.reference === '') shipmentDraft.discard();
    else shipmentDraft.save({ serials: now.serials, reference: now.reference });
  });
}

/**
 * Called when the shipment view opens. When this run of the app has no list yet (after a reload
 * or a crash), puts the saved one back and returns when it was saved; else returns null (the
 * list on screen is newer than any draft). Rejects when the draft could not be read. Either way
 * the list is kept as a draft from then on.
 */
export async function restoreShipment(): Promise<string | null> {
  if (useShipment.getState().serials.length > 0 || useShipment.getState().reference !== '') {
    keepShipmentDraft();
    return null;
  }
  let saved;
  try {
    saved = await loadDraft(db, SHIPMENT_DRAFT);
  } finally {
    // Before the list is put back, so what it becomes (with a reference typed meanwhile) is saved.
    keepShipmentDraft();
  }
  const current = useShipment.getState();
  if (saved === null || current.serials.length > 0) return null;
  useShipment.setState({ serials: saved.value.serials, reference: current.reference === '' ? saved.value.reference : current.reference });
  return saved.savedAt;
}
