/**
 * Event identity for a ledger written on many devices (LEDGER.md §1).
 *
 * - A device id is made once per installation (a UUID, passed in: shared/ never makes
 *   randomness).
 * - An event's id is `<deviceId>:<counter>`, the device's own counter 1, 2, 3… without gaps, so
 *   "how far does device D go" is one number, and a missing event is visible as a gap.
 * - Every event carries a hybrid logical clock stamp: wall-clock milliseconds, a logical
 *   counter for events within the same millisecond (or while the wall clock is behind the
 *   largest stamp seen), and the device id as the final tie-break. Stamps order all events of
 *   all devices totally, and a device that receives remote events advances past the largest
 *   stamp it has seen, so an effect is always stamped after its cause.
 *
 * Stamps are stored as fixed-width strings whose string order is the clock order, so IndexedDB
 * can index them and any program can sort them without parsing.
 */

export type DeviceId = string;
/** `<deviceId>:<counter>`. */
export type EventId = string;
/** An encoded {@link Hlc}; string order is clock order. */
export type HlcStamp = string;

export interface Hlc {
  /** Wall-clock milliseconds since 1970 (UTC). */
  readonly ms: number;
  /** Orders stamps within one millisecond. */
  readonly counter: number;
  readonly device: DeviceId;
}

const MS_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/u;

/** Device ids already checked: a ledger has a handful, named by every one of its events. */
const checkedDevices = new Map<string, boolean>();

export function isDeviceId(text: string): boolean {
  let known = checkedDevices.get(text);
  if (known === undefined) {
    known = DEVICE_ID.test(text);
    if (checkedDevices.size >= 1_024) checkedDevices.clear();
    checkedDevices.set(text, known);
  }
  return known;
}

const HLC_HEAD = /^[0-9]{15}-[0-9]{6}-/u;
const COUNTER = /^[1-9][0-9]{0,15}$/u;

/** Whether `stamp` is a clock stamp {@link parseHlc} reads, without reading it (checking half a million events). */
export function isHlcStamp(stamp: string): boolean {
  return stamp.length > 23 && HLC_HEAD.test(stamp) && isDeviceId(stamp.slice(23));
}

/** Whether `id` is an event id {@link parseEventId} reads, without reading it. */
export function isEventId(id: string): boolean {
  const colon = id.lastIndexOf(':');
  if (colon <= 0 || !isDeviceId(id.slice(0, colon))) return false;
  const digits = id.slice(colon + 1);
  return COUNTER.test(digits) && Number.isSafeInteger(Number(digits));
}

export function eventId(device: DeviceId, counter: number): EventId {
  return `${device}:${counter}`;
}

/** The device and counter of an event id, or null when it is not one. */
export function parseEventId(id: string): { device: DeviceId; counter: number } | null {
  const colon = id.lastIndexOf(':');
  if (colon <= 0) return null;
  const device = id.slice(0, colon);
  const digits = id.slice(colon + 1);
  if (!isDeviceId(device) || !COUNTER.test(digits)) return null;
  const counter = Number(digits);
  return Number.isSafeInteger(counter) ? { device, counter } : null;
}

export function formatHlc(h: Hlc): HlcStamp {
  return `${String(h.ms).padStart(MS_DIGITS, '0')}-${String(h.counter).padStart(COUNTER_DIGITS, '0')}-${h.device}`;
}

export function parseHlc(stamp: string): Hlc | null {
  const m = /^([0-9]{15})-([0-9]{6})-(.+)$/u.exec(stamp);
  if (m === null) return null;
  const device = m[3] as string;
  if (!isDeviceId(device)) return null;
  return { ms: Number(m[1]), counter: Number(m[2]), device };
}

export function compareHlc(a: HlcStamp, b: HlcStamp): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The stamp of a local event made at wall-clock `nowMs`, after the largest stamp seen (`last`).
 * If the wall clock went backwards, the logical counter carries the order.
 */
export function tickHlc(last: Hlc | null, nowMs: number, device: DeviceId): Hlc {
  if (last === null || nowMs > last.ms) return { ms: nowMs, counter: 0, device };
  return bump(last.ms, last.counter + 1, device);
}

/** The clock after seeing a remote stamp: past both it and everything seen before. */
export function receiveHlc(last: Hlc | null, remote: Hlc, nowMs: number, device: DeviceId): Hlc {
  const ms = Math.max(last?.ms ?? 0, remote.ms, nowMs);
  if (ms === nowMs && ms > (last?.ms ?? -1) && ms > remote.ms) return { ms, counter: 0, device };
  const counter = Math.max(ms === last?.ms ? last.counter : -1, ms === remote.ms ? remote.counter : -1) + 1;
  return bump(ms, counter, device);
}

/** Counters are fixed-width; past the last one, the next millisecond starts (still later, still ordered). */
function bump(ms: number, counter: number, device: DeviceId): Hlc {
  return counter > MAX_COUNTER ? { ms: ms + 1, counter: 0, device } : { ms, counter, device };
}

/** The identity the log gives events: where the device's counter and clock stand. */
export interface DeviceClock {
  readonly device: DeviceId;
  /** The device's last event counter (0 before its first event). */
  readonly counter: number;
  /** The largest stamp this device has made or seen; null before any. */
  readonly clock: HlcStamp | null;
}

/**
 * Gives each event, in the order given, the next id and stamp of this device. Returns the
 * stamps and where the device stands afterwards. Pure: `nowMs` is passed in.
 */
export function stampEvents(
  state: DeviceClock,
  count: number,
  nowMs: number,
): { ids: EventId[]; stamps: HlcStamp[]; next: DeviceClock } {
  const ids: EventId[] = [];
  const stamps: HlcStamp[] = [];
  let last = state.clock === null ? null : parseHlc(state.clock);
  let counter = state.counter;
  for (let i = 0; i < count; i++) {
    const h = tickHlc(last, nowMs, state.device);
    counter += 1;
    ids.push(eventId(state.device, counter));
    stamps.push(formatHlc(h));
    last = h;
  }
  return { ids, stamps, next: { device: state.device, counter, clock: last === null ? state.clock : formatHlc(last) } };
}
