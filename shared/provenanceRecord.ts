/**
 * A provenance record (issue 13): the chain of custody of a lot or a unit on one page — what it
 * is and where it was made (model, origin, classification, HS code), how it was bought (PO,
 * supplier, date), its receipt (when, by whom), every place it has been, every move with the
 * checklist answered and any transfer between countries with its licence, its sanitisation, and
 * its disposal and buyer. Built from the events alone (a unit's from shared/units.ts unitHistory),
 * so it says what the ledger recorded, and nothing it did not.
 */
import type { HardwareModel, Site } from './catalog';
import { describeTransfer } from './compliance';
import type { IsoDate, LocalDay } from './dates';
import { eventDay, type LotEvent } from './events';
import { DISPOSITION_LABELS, STATUS_LABELS, type LotStatus } from './lifecycle';
import type { Lot } from './lot';
import { correctedMoveDates, describeMoveDateCorrection, isMoveDateCorrection, type MoveDateCorrection } from './lotChanges';
import { counted } from './counted';
import { formatMoney } from './money';
import { lotSupplierName, SUPPLIER_CHANNEL_LABELS, type Supplier } from './suppliers';
import { fieldWord } from './sync/conflicts';
import { compareEventsInLog, describeUnitChanges, type SanitisationRecord, type Unit, type UnitLotEvent } from './units';

export interface CustodyStep {
  /** The business date of the change, else the day it was recorded. */
  date: IsoDate;
  actor: string;
  /** What happened, in words. */
  what: string;
  /** The site the lot was at after the step, when the step set it: "AMS2 (NL)". */
  place: string | null;
  /** The checklist answered on a move, in words. */
  checklist: string | null;
  /** A transfer between countries and its licence, in words. */
  transfer: string | null;
  eventId: string;
}

export interface ProvenanceRecord {
  subject: { kind: 'lot' | 'unit'; lotCode: string; serial: string | null; assetTag: string | null };
  model: { label: string; origin: string | null; classification: string | null; hsCode: string | null };
  /** `supplier`: its name, '' unrecorded; `supplierDetails`: its channel and country in words ('' unknown). */
  purchase: { poNumber: string; supplier: string; supplierDetails: string; purchaseDate: IsoDate; quantity: number | null; unitCost: string };
  receipt: { date: IsoDate; by: string } | null;
  /** Where it is now: the lot's site (and for a unit, its room, rack and U). */
  location: string;
  steps: CustodyStep[];
  sanitisation: string | null;
  disposal: { date: IsoDate | null; disposition: string; proceeds: string | null; buyer: string | null } | null;
}

const siteLabel = (site: Site | undefined, id: string): string => (site === undefined ? id.slice(0, 8) : `${site.code}${site.country ? ` (${site.country})` : ''}`);

/** A sanitisation record in words: "Purge, cryptographic erase with nvme-cli 2.9, verified full: pass, by Ana on 2026-05-01". */
export function describeSanitisation(r: SanitisationRecord): string {
  return `${r.method}, ${r.technique} with ${r.tool}${r.toolVersion ? ` ${r.toolVersion}` : ''}, verified ${r.verificationMethod}: ${r.verificationResult}, by ${r.performedBy}${r.verifiedBy && r.verifiedBy !== r.performedBy ? ` (verified by ${r.verifiedBy})` : ''} on ${r.performedAt}`;
}

const unitCount = (n: number | null): string => counted(n, 'unit');

function describe(e: LotEvent, lotCode: (id: string) => string, corrections: ReadonlyMap<string, MoveDateCorrection>): string {
  switch (e.type) {
    case 'created':
      return e.relatedLotId ? `Split from ${lotCode(e.relatedLotId)} (${unitCount(e.quantity)})` : `Registered ${unitCount(e.quantity)} as ${e.to ? STATUS_LABELS[e.to] : '?'}`;
    case 'imported':
      return `Imported ${unitCount(e.quantity)} as ${e.to ? STATUS_LABELS[e.to] : '?'}`;
    case 'transitioned':
      return `${e.from ? STATUS_LABELS[e.from] : '?'} → ${e.to ? STATUS_LABELS[e.to as LotStatus] : '?'} (${unitCount(e.quantity)})`;
    case 'split':
      return `${unitCount(e.quantity)} split off into ${e.relatedLotId ? lotCode(e.relatedLotId) : 'another lot'}`;
    case 'units-received':
      return 'Serial received';
    case 'sanitised': {
      // Each sanitisation in full: a unit sanitised twice has only its latest as its record.
      const record = (e as UnitLotEvent).sanitisation;
      return record ? `Sanitised: ${describeSanitisation(record)}` : 'Sanitisation recorded';
    }
    case 'units-updated':
      return 'Unit details changed';
    case 'edited':
      if (isMoveDateCorrection(e)) return describeMoveDateCorrection(e, corrections.get(e.id));
      return `Edited: ${Object.keys(e.after).filter((k) => k !== 'updatedAt').map(fieldWord).join(', ')}`;
    case 'adjusted':
      return 'Depreciation adjusted';
    case 'resolved':
      return isMoveDateCorrection(e) ? `Sync conflict settled: ${describeMoveDateCorrection(e, corrections.get(e.id))}` : 'Sync conflict settled';
    default:
      return e.type;
  }
}

/**
 * The record of `lot` (its events, oldest first, those of the lots it was split from included),
 * or of one of its units (the unit's history, shared/units.ts unitHistory).
 */
export function provenanceRecord(input: {
  lot: Lot;
  unit?: Unit;
  history: readonly LotEvent[];
  model: HardwareModel | undefined;
  sites: ReadonlyMap<string, Site>;
  suppliers: ReadonlyMap<string, Supplier>;
  lotCodes: ReadonlyMap<string, string>;
  /** The day a record without a business date was made, where the user is (default: the UTC day). */
  localDay?: LocalDay;
}): ProvenanceRecord {
  const { lot, unit, history, model, sites } = input;
  const lotCode = (id: string): string => input.lotCodes.get(id) ?? id.slice(0, 8);
  const first = history.find((e) => (e.type === 'created' || e.type === 'imported') && e.relatedLotId === null) ?? history[0];
  const firstAfter = (first?.after ?? {}) as Partial<Lot>;
  // Receipt: the move into "received", else the first record of a lot that came with a receipt date.
  // A move whose date was corrected is dated as corrected (shared/lotChanges.ts correctMoveDate).
  const corrected = correctedMoveDates(history);
  const day = (e: LotEvent): IsoDate => corrected.moves.get(e.id) ?? eventDay(e, input.localDay);
  const receivedMove = history.find((e) => e.type === 'transitioned' && e.to === 'received');
  const receipt = receivedMove ? { date: day(receivedMove), by: receivedMove.actor } : firstAfter.receivedDate ? { date: firstAfter.receivedDate, by: first?.actor ?? '' } : null;
  let lotSite: string | null | undefined; // the lot's site as the history has set it so far
  const steps: CustodyStep[] = history.map((e) => {
    // A unit's own change (an edit of units): what changed of it, and the site it went to (none of its own: its lot's).
    const change = unit && e.type === 'units-updated' ? (e as UnitLotEvent).unitChanges?.find((c) => c.serial === unit.serial) : undefined;
    if (change === undefined && 'siteId' in e.after) lotSite = e.after.siteId;
    const site = change === undefined ? (e.after as Partial<Lot>).siteId : change.after.siteId === undefined ? undefined : (change.after.siteId ?? lotSite);
    const checklist = e.checklist && e.checklist.items.length > 0 ? e.checklist.items.map((i) => `${i.ticked ? '☑' : '☐'} ${i.label}`).join('; ') : null;
    const t = e.transfer;
    return {
      date: day(e),
      actor: e.actor,
      what: change === undefined ? describe(e, lotCode, corrected.corrections) : describeUnitChanges([change]),
      place: site ? siteLabel(sites.get(site), site) : null,
      checklist,
      transfer: t ? describeTransfer(t) : null,
      eventId: e.id,
    };
  });
  const siteId = unit?.siteId ?? lot.siteId;
  const where = siteId ? siteLabel(sites.get(siteId), siteId) : 'no site';
  const location = unit ? [where, unit.room && `room ${unit.room}`, unit.rack && `rack ${unit.rack}`, unit.u !== null ? `U${unit.u}` : ''].filter(Boolean).join(', ') : where;
  const disposal =
    lot.status === 'disposed'
      ? {
          date: lot.disposedDate,
          disposition: lot.disposition ? DISPOSITION_LABELS[lot.disposition] : '—',
          proceeds: lot.proceeds === null ? null : formatMoney(lot.proceeds, lot.currency),
          buyer: lot.buyer ? `${lot.buyer.name}${lot.buyer.country ? ` (${lot.buyer.country})` : ''}` : null,
        }
      : null;
  return {
    subject: { kind: unit ? 'unit' : 'lot', lotCode: lot.code, serial: unit?.serial ?? null, assetTag: unit ? unit.assetTag || null : null },
    model: {
      label: model ? `${model.manufacturer} ${model.name}` : 'unknown model',
      origin: model?.countryOfOrigin ?? null,
      classification: model?.exportClassification || null,
      hsCode: model?.hsCode || null,
    },
    purchase: { poNumber: lot.poNumber, supplier: lotSupplierName(lot, input.suppliers), supplierDetails: supplierDetails(lot.supplierId ? input.suppliers.get(lot.supplierId) : undefined), purchaseDate: lot.purchaseDate, quantity: first?.quantity ?? null, unitCost: formatMoney(lot.unitCost, lot.currency) },
    receipt,
    location,
    steps,
    sanitisation: unit ? (unit.sanitisation ? describeSanitisation(unit.sanitisation) : null) : null,
    disposal,
  };
}

/** A supplier's channel and country in words ("distributor, US"); '' when neither is known. */
export function supplierDetails(s: Pick<Supplier, 'channel' | 'country'> | undefined): string {
  if (s === undefined) return '';
  return [s.channel === null ? '' : SUPPLIER_CHANNEL_LABELS[s.channel], s.country ?? ''].filter((x) => x !== '').join(', ');
}

/**
 * A lot's history with the lots it was split from: each ancestor's events up to the split that
 * made the next lot of the chain, then every lot-level event of the lot itself (units' own events
 * are left to a unit's record). `chain` runs from the first lot to `lot`, each with its events.
 */
export function lotChainHistory(chain: readonly { lotId: string; events: readonly LotEvent[] }[]): LotEvent[] {
  const out: LotEvent[] = [];
  chain.forEach((c, k) => {
    const next = chain[k + 1]?.lotId;
    const events = [...c.events].sort(compareEventsInLog);
    for (const e of events) {
      if (e.type === 'units-received' || e.type === 'sanitised' || e.type === 'units-updated') continue;
      out.push(e);
      if (next !== undefined && e.type === 'split' && e.relatedLotId === next) break;
    }
  });
  return out;
}
