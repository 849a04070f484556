/**
 * Gives the events of a ledger written before event identity (schema version 5 and earlier:
 * random UUID ids, per-entity `seq` only) their ids and clock stamps, as the schema upgrade to
 * version 6 does: all of them become this device's events, numbered 1, 2, 3… in the order they
 * were written, and stamped from their own `at` times.
 *
 * "The order they were written" is (`at`, entity, `seq`): events of one transaction share `at`.
 * An entity's events are kept in `seq` order even if the wall clock went backwards between
 * two of them (an event never sorts before an earlier one of its own entity).
 */
import type { LotEvent } from '../events';
import { compareIso } from '../dates';
import { eventId, formatHlc, tickHlc, type DeviceId, type Hlc, type HlcStamp } from './clock';

export function identifyLegacyEvents(
  events: readonly LotEvent[],
  device: DeviceId,
): { events: LotEvent[]; counter: number; clock: HlcStamp | null } {
  // Per entity, in seq order, the effective time never goes back.
  const effective = new Map<LotEvent, string>();
  const byEntity = new Map<string, LotEvent[]>();
  for (const e of events) {
    const list = byEntity.get(e.lotId);
    if (list) list.push(e);
    else byEntity.set(e.lotId, [e]);
  }
  for (const list of byEntity.values()) {
    list.sort((a, b) => a.seq - b.seq);
    let floor = '';
    for (const e of list) {
      const at = compareIso(e.at, floor) < 0 ? floor : e.at;
      effective.set(e, at);
      floor = at;
    }
  }
  const ordered = [...events].sort((a, b) => {
    const ta = effective.get(a) as string;
    const tb = effective.get(b) as string;
    return compareIso(ta, tb) || (a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0) || a.seq - b.seq;
  });
  let last: Hlc | null = null;
  const out = ordered.map((e, i) => {
    const ms = Date.parse(effective.get(e) as string);
    last = tickHlc(last, Number.isFinite(ms) ? ms : 0, device);
    return { ...e, id: eventId(device, i + 1), hlc: formatHlc(last) };
  });
  return { events: out, counter: out.length, clock: last === null ? null : formatHlc(last) };
}
