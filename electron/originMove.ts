/**
 * Moving the ledger to the app:// page (issue 14). IndexedDB belongs to an origin: the built app
 * used to be a `file://` page, and now it is `app://fleetledger`, which starts with an empty
 * database. So the first start of this version, when the installation may hold a ledger at the
 * old origin, opens the old page once (`#origin-handover`, saying "Moving your ledger…"): it writes its database as
 * it is into the backups folder (`…-origin-move.fleetledger`, a raw dump, checked by SHA-256) and
 * says so over `origin:handed-over`. Then the app:// page opens, asks `origin:pending`, restores
 * that file into its own, still empty database, and says `origin:done`.
 *
 * Nothing is deleted: the old origin's database stays on disk untouched and the file stays among
 * the backups. If the old page cannot hand over (it fails, crashes or takes longer than
 * {@link HANDOVER_TIMEOUT_MS}), the window opens on the old page as before, so the person keeps
 * working on their ledger, and the move is tried again at the next start.
 *
 * The state is `<userData>/renderer-origin.json`.
 */
import { app, type IpcMainInvokeEvent } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isCarriedPreferences, type CarriedPreferences, type OriginHandedOver, type PendingOriginMove } from '../shared/ipc';
import { err, ok, type Result } from '../shared/result';
import { ioMessage, writeFileAtomically } from './fileIo';
import { isAppOriginUrl, isLegacyPageUrl, type RendererLocation } from './security';

/** The hash the old page is opened with to hand its ledger over instead of starting the app. */
export const HANDOVER_HASH = 'origin-handover';
/**
 * A raw dump of a full fleet (500,000 events) takes seconds; past this the window opens on the
 * old page as before (the person sees "Moving your ledger…" meanwhile, so the wait is kept short).
 */
export const HANDOVER_TIMEOUT_MS = 2 * 60 * 1000;

export interface OriginMoveState {
  /** When the old page handed over. */
  movedAt: string;
  /** The backups folder's file holding the old page's database; `null` when it had none. */
  backupName: string | null;
  /** The app:// page has taken the ledger in (or had one of its own already). */
  takenIn: boolean;
  /** The old page's view choices (lot columns, label layout), for the app:// page; absent in states written before. */
  preferences?: CarriedPreferences;
}

export function originMovePath(): string {
  return join(app.getPath('userData'), 'renderer-origin.json');
}

function isState(value: unknown): value is OriginMoveState {
  const v = value as Partial<OriginMoveState> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.movedAt === 'string' &&
    (v.backupName === null || typeof v.backupName === 'string') &&
    typeof v.takenIn === 'boolean' &&
    (v.preferences === undefined || isCarriedPreferences(v.preferences))
  );
}

/**
 * The state, or `null` when the ledger has not moved yet. A file that cannot be read as a state
 * counts as "not moved": the handover then runs again, which is safe — the app:// page never
 * restores over a database it already has.
 */
export function readOriginMove(): OriginMoveState | null {
  try {
    const json: unknown = JSON.parse(readFileSync(originMovePath(), 'utf8'));
    return isState(json) ? json : null;
  } catch {
    return null;
  }
}

async function writeOriginMove(state: OriginMoveState): Promise<Result<true>> {
  try {
    await mkdir(app.getPath('userData'), { recursive: true });
    await writeFileAtomically(originMovePath(), `${JSON.stringify(state, null, 2)}\n`);
    return ok(true);
  } catch (error) {
    return err(`Could not record the ledger's move (${originMovePath()}): ${ioMessage(error)}.`);
  }
}

/**
 * Whether this installation may hold a ledger at the old `file://` origin: a data-loss record
 * (every version since backups keeps one), or Chromium's IndexedDB folder for `file://` pages
 * (older versions).
 */
export function mayHoldLegacyLedger(): boolean {
  const userData = app.getPath('userData');
  return existsSync(join(userData, 'ledger-record.json')) || existsSync(join(userData, 'IndexedDB', 'file__0.indexeddb.leveldb'));
}

/** At start: the old page must hand over first. */
export function originMoveNeeded(): boolean {
  return readOriginMove() === null && mayHoldLegacyLedger();
}

/** The handover under way: the old page it waits for, and what to call with its outcome. */
let waiting: { location: RendererLocation; finish: (outcome: OriginHandedOver) => void } | null = null;

/**
 * Waits for the old page of `location` to send `origin:handed-over`, or for `gone` (the page
 * crashed or failed to load), or for the timeout; whichever comes first.
 */
export function awaitHandover(location: RendererLocation, gone: Promise<string>, timeoutMs: number = HANDOVER_TIMEOUT_MS): Promise<OriginHandedOver> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = (outcome: OriginHandedOver): void => {
      if (timer !== null) clearTimeout(timer);
      if (waiting?.finish === finish) waiting = null;
      resolve(outcome);
    };
    waiting = { location, finish };
    timer = setTimeout(() => finish({ outcome: 'failed', error: `the old page did not hand over within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
    void gone.then((why) => finish({ outcome: 'failed', error: why }));
  });
}

function senderUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string {
  return event.senderFrame?.url ?? '';
}

/** `origin:handed-over`, from the old page only: records the move, then lets start-up go on. */
export async function originHandedOver(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, request: OriginHandedOver): Promise<Result<true>> {
  const current = waiting;
  if (current === null) return err('origin:handed-over: no move is waiting for it.');
  if (!isLegacyPageUrl(current.location, senderUrl(event))) return err('origin:handed-over: refused, only the old file:// page hands its ledger over.');
  if (request.outcome !== 'failed') {
    const backupName = request.outcome === 'moved' ? request.backupName : null;
    const preferences = request.outcome === 'moved' ? request.preferences : undefined;
    const written = await writeOriginMove({ movedAt: new Date().toISOString(), backupName, takenIn: backupName === null, ...(preferences ? { preferences } : {}) });
    if (!written.ok) {
      current.finish({ outcome: 'failed', error: written.error });
      return written;
    }
  }
  current.finish(request);
  return ok(true);
}

/** `origin:pending`, from the app:// page only. */
export async function pendingOriginMove(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): Promise<Result<PendingOriginMove | null>> {
  if (!isAppOriginUrl(senderUrl(event))) return err('origin:pending: refused, only the app:// page takes the ledger in.');
  const state = readOriginMove();
  return ok(state !== null && !state.takenIn && state.backupName !== null ? { backupName: state.backupName, preferences: state.preferences ?? {} } : null);
}

/** `origin:done`, from the app:// page only. */
export async function originMoveDone(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): Promise<Result<true>> {
  if (!isAppOriginUrl(senderUrl(event))) return err('origin:done: refused, only the app:// page takes the ledger in.');
  const state = readOriginMove();
  if (state === null) return err('origin:done: the ledger has not been moved.');
  return writeOriginMove({ ...state, takenIn: true });
}
