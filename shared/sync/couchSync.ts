/**
 * Team sync over the CouchDB replication protocol (issue 11, LEDGER.md §5): the same ledger as a
 * team folder, replicated through Apache CouchDB 3, IBM Cloudant or PouchDB Server. Only the
 * transport is new: the documents are the folder's files, so the event identity, the segments'
 * hash chain, their checks and the merge are shared/sync/folderFormat.ts's and the ledger's.
 *
 * One database per ledger, holding:
 *
 *     fleetledger                the ledger's document (folder: ledger.json), written once
 *     device:<deviceId>          a device's head (folder: head.json): its name, how far it wrote
 *     <deviceId>:<first>         a segment (folder: 0000000N.jsonl.gz): one device's consecutive
 *                                events from one transaction, its gzip bytes in `gz` (base64),
 *                                `_id` its first event's id; written once, never changed
 *
 * A device writes only its own head and segments, so no two devices write one document and
 * revision conflicts cannot occur. Anything else — a segment changed (a second revision) or
 * deleted, an `_id` of no known shape, a segment that does not link into its device's chain —
 * is reported with the device and segment and not applied.
 *
 * A round: push this device's events the server lacks (`_all_docs?keys=` then `_bulk_docs`, in
 * batches), its head after them; then pull: `_changes?since=<checkpoint>` names the devices with
 * something new, their segments after what this device holds of them are read by key, checked
 * as a folder's are, and taken in. The checkpoint is kept on both sides, as CouchDB's replicator
 * does: in this device's sync state and in the server's `_local/` document of this device; when
 * they disagree (the database was re-created, or restored from an older copy) the changes are
 * read again from the start, which applies nothing twice (each device's chain point says what
 * was taken in). Pure: HTTP goes through {@link CouchHttp}.
 */
import { isDeviceId, parseEventId, type DeviceId } from '../ledger/clock';
import { err, ok, type Result } from '../result';
import { base64ToBytes, bytesToBase64 } from './base64';
import {
  chainSegments,
  decodeSegmentText,
  deviceWords,
  encodeHead,
  FOLDER_FORMAT,
  FOLDER_FORMAT_VERSION,
  HEAD_FILE,
  readDeviceChain,
  readManifest,
  sameEventContent,
  segmentFileName,
  takingInWords,
  type ChainPoint,
  type DeviceHead,
  type FolderManifest,
  type FolderProblem,
} from './folderFormat';
import type { DeviceStatus, SyncDeps, SyncLedger } from './folderSync';

export const LEDGER_DOC_ID = 'fleetledger';
const DEVICE_DOC = 'device:';
/** The server's checkpoint document of `device` (under `_local/`, never replicated). */
export const checkpointDocId = (device: DeviceId): string => `_local/fleetledger-checkpoint-${device}`;
export const deviceDocId = (device: DeviceId): string => `${DEVICE_DOC}${device}`;
export const segmentDocId = (device: DeviceId, first: number): string => `${device}:${first}`;

/** What the server answered: its status and its JSON body (null when the body was not JSON). */
export interface CouchResponse {
  status: number;
  body: unknown;
}

/**
 * The database, over HTTP: `path` is relative to the database's URL (`''` is the database
 * itself, `_changes?…`, a document id already encoded), or to the server's root with `server`.
 * Throws {@link CouchUnreachable} when no answer came (offline, refused, timed out).
 */
export interface CouchHttp {
  request(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown, options?: { server?: boolean }): Promise<CouchResponse>;
}

/** No answer from the server: the network, DNS, a refused connection, a timeout. */
export class CouchUnreachable extends Error {}

/** Why a round or a connection failed: `offline` is retried with backoff; the others need the person. */
export type CouchFailureKind = 'offline' | 'auth' | 'forbidden' | 'not-couch' | 'no-database' | 'no-ledger' | 'other-ledger' | 'error';
export interface CouchFailure {
  kind: CouchFailureKind;
  message: string;
  /** For `offline`: why no answer came (the network's own words), for a caller that words the failure itself. */
  reason?: string;
}

/** How many segment documents a `_bulk_docs` or a read by keys carries at most (each up to a few MB). */
const DOCS_PER_REQUEST = 16;
/** Changes read per `_changes` request. */
export const CHANGES_LIMIT = 1_000;

/** What this device keeps between rounds (with its settings): the checkpoint and each device's chain point. */
export interface CouchSyncState {
  /** The `_changes` sequence read to (opaque: CouchDB 3's are strings); null before the first round. */
  since: string | number | null;
  /** Names this device's checkpoint pair; a server checkpoint of another session means start again. */
  session: string | null;
  own: ChainPoint;
  devices: Record<DeviceId, ChainPoint>;
  /** Devices whose newest segments were not all there yet: read again next round, changed or not. */
  pending: DeviceId[];
  /**
   * What is wrong with documents on the server, by id (a document not Fleetledger's, a deleted
   * head or segment), from the changes read so far: said every round until a change to the
   * document settles it, not only in the round whose changes showed it. Absent in a state saved
   * before it was kept: empty.
   */
  standing?: Record<string, string>;
}

export const EMPTY_COUCH_STATE: CouchSyncState = { since: null, session: null, own: { segments: 0, lastHash: null, lastCounter: 0 }, devices: {}, pending: [] };

export interface CouchSyncReport {
  pushed: number;
  pulled: number;
  devices: DeviceStatus[];
  problems: string[];
  state: CouchSyncState;
  /** The sequence the server is at now (for a longpoll wait from there). */
  lastSeq: string | number;
}

export interface CouchDeps extends SyncDeps {
  /** A new checkpoint session's name (random). */
  newSession(): string;
}

// ---- Answers -------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const fail = (kind: CouchFailureKind, message: string): Result<never, CouchFailure> => err({ kind, message });

/** A failure for an answer that is not the one expected, in words. */
export function answerFailure(what: string, r: CouchResponse): CouchFailure {
  if (r.status === 401) return { kind: 'auth', message: 'The server refused the user name or password (401). Check them, or ask whoever runs the server.' };
  if (r.status === 403) return { kind: 'forbidden', message: `The server does not let this user ${what} (403 forbidden): ask whoever runs the server to make the user a member of the database.` };
  const reason = isObject(r.body) && typeof r.body.reason === 'string' ? `: ${r.body.reason}` : '';
  if (r.status === 404) return { kind: 'no-database', message: `The server has no such database (404${reason}). Check the URL: it names the database, like https://sync.example.com/fleetledger.` };
  if (r.status >= 500) return { kind: 'error', message: `The server failed to ${what} (${r.status}${reason}). Nothing was lost; sync tries again.` };
  return { kind: 'error', message: `The server answered ${r.status} when asked to ${what}${reason}.` };
}

const encodeKey = (key: unknown): string => encodeURIComponent(JSON.stringify(key));

/** Runs `step`, turning no answer into an `offline` failure. */
export async function reach<T>(step: () => Promise<Result<T, CouchFailure>>): Promise<Result<T, CouchFailure>> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof CouchUnreachable) return err({ kind: 'offline', message: `The server cannot be reached (${e.message}). Changes stay on this device and are sent when it is back.`, reason: e.message });
    throw e;
  }
}

// ---- The database and its ledger -----------------------------------------------------------

/** The ledger document's fields (those of a folder's ledger.json). */
type LedgerDoc = Omit<FolderManifest, 'format' | 'version'>;

/** Checks that `http` is a CouchDB database this user may read; with `create`, makes it when missing. */
export async function checkDatabase(http: CouchHttp, create: boolean): Promise<Result<void, CouchFailure>> {
  const info = await http.request('GET', '');
  if (info.status === 200 && isObject(info.body) && typeof info.body.db_name === 'string') return ok(undefined);
  if (info.status === 404 && create) {
    const made = await http.request('PUT', '');
    if (made.status === 201 || made.status === 202 || made.status === 412) return ok(undefined);
    if (made.status === 401 || made.status === 403) return fail('no-database', 'The database does not exist, and this user may not create it: ask whoever runs the server to create it (README: “Running a sync server”).');
    return err(answerFailure('create the database', made));
  }
  if (info.status === 200 || (info.status === 404 && !isObject(info.body))) {
    return fail('not-couch', 'The URL does not answer as a CouchDB database (no database information came back): check that it is the database’s URL on a CouchDB, Cloudant or PouchDB Server.');
  }
  if (info.status === 400 && isObject(info.body) && info.body.error === 'illegal_database_name') {
    return fail('not-couch', 'The URL names no database: add the database’s name to it, like https://sync.example.com/fleetledger.');
  }
  return err(answerFailure('read the database', info));
}

/** The ledger a database holds: null when it holds none yet. */
export async function couchLedger(http: CouchHttp): Promise<Result<LedgerDoc | null, CouchFailure>> {
  return reach(async () => {
    const db = await checkDatabase(http, false);
    if (!db.ok) return db;
    const r = await http.request('GET', LEDGER_DOC_ID);
    if (r.status === 404) return ok(null);
    if (r.status !== 200 || !isObject(r.body)) return err(answerFailure('read the ledger document', r));
    const manifest = readManifest(JSON.stringify({ ...r.body, format: r.body.format, version: r.body.version }));
    if (!manifest.ok) return fail('not-couch', `The database holds a document named ${LEDGER_DOC_ID} that is not a Fleetledger ledger’s (${manifest.error}). Use a database of its own for Fleetledger.`);
    return ok({ ledgerId: manifest.value.ledgerId, ledgerName: manifest.value.ledgerName, createdAt: manifest.value.createdAt });
  });
}

/**
 * Makes the database the ledger's, for the first device that shares it there (creating the
 * database when this user may). Refuses a database of another ledger; connecting again to this
 * ledger's changes nothing.
 */
export async function shareOnServer(ledger: Pick<SyncLedger, 'ledgerId' | 'ledgerName'>, http: CouchHttp, createdAt: string): Promise<Result<void, CouchFailure>> {
  return reach(async () => {
    const db = await checkDatabase(http, true);
    if (!db.ok) return db;
    const existing = await couchLedger(http);
    if (!existing.ok) return existing;
    if (existing.value !== null) {
      if (existing.value.ledgerId === ledger.ledgerId) return ok(undefined);
      return fail('other-ledger', `This database holds another ledger (“${existing.value.ledgerName}”). Join it instead, or use another database.`);
    }
    const doc = { format: FOLDER_FORMAT, version: FOLDER_FORMAT_VERSION, ledgerId: ledger.ledgerId, ledgerName: ledger.ledgerName, createdAt };
    const put = await http.request('PUT', LEDGER_DOC_ID, doc);
    if (put.status === 201 || put.status === 202) return ok(undefined);
    if (put.status === 409) return shareOnServer(ledger, http, createdAt); // another device shared it meanwhile: check whose
    return err(answerFailure('write the ledger document', put));
  });
}

// ---- Segment documents ---------------------------------------------------------------------

export interface SegmentDoc {
  _id: string;
  type: 'fleetledger-segment';
  device: DeviceId;
  index: number;
  first: number;
  last: number;
  count: number;
  prev: string | null;
  sha256: string;
  gz: string;
}

/** A device's head document: a folder's head.json fields. */
export type DeviceDoc = Omit<DeviceHead, 'format' | 'version'> & { _id: string; _rev?: string; type: 'fleetledger-device' };

/** What an `_id` is. */
type DocKind = { kind: 'ledger' } | { kind: 'device'; device: DeviceId } | { kind: 'segment'; device: DeviceId; first: number } | { kind: 'design' } | { kind: 'unknown' };

export function classifyDocId(id: string): DocKind {
  if (id === LEDGER_DOC_ID) return { kind: 'ledger' };
  if (id.startsWith('_design/')) return { kind: 'design' };
  if (id.startsWith(DEVICE_DOC)) {
    const device = id.slice(DEVICE_DOC.length);
    return isDeviceId(device) ? { kind: 'device', device } : { kind: 'unknown' };
  }
  const parsed = parseEventId(id);
  return parsed === null ? { kind: 'unknown' } : { kind: 'segment', device: parsed.device, first: parsed.counter };
}

/** A segment document's file, as the folder would hold it; or why the document is not a whole segment. */
export function segmentFile(doc: unknown, device: DeviceId, first: number): Result<{ index: number; bytes: Uint8Array; sha256: string }> {
  if (!isObject(doc) || doc.type !== 'fleetledger-segment' || typeof doc.gz !== 'string' || typeof doc.index !== 'number' || !Number.isSafeInteger(doc.index) || doc.index < 1) {
    return err('is not a Fleetledger segment document');
  }
  if (doc.device !== device || doc.first !== first) return err(`says it is device ${String(doc.device)}’s from event ${String(doc.first)}, not what its id names`);
  if (typeof doc.sha256 !== 'string') return err('names no SHA-256');
  const bytes = base64ToBytes(doc.gz);
  if (bytes === null) return err('holds bytes that are not base64');
  return ok({ index: doc.index, bytes, sha256: doc.sha256 });
}

/** Whether a revision is a document's first (a segment is written once; a later revision was changed on the server). */
export const firstRevision = (rev: unknown): boolean => typeof rev === 'string' && rev.startsWith('1-');

// ---- The round -----------------------------------------------------------------------------

interface RowsAnswer {
  rows: { id?: string; key?: string; value?: { rev?: string; deleted?: boolean }; doc?: unknown; error?: string }[];
}

export function rowsOf(r: CouchResponse): RowsAnswer['rows'] | null {
  return r.status === 200 && isObject(r.body) && Array.isArray(r.body.rows) ? (r.body.rows as RowsAnswer['rows']) : null;
}

/** The ids and revisions of every segment document of `device` (`_all_docs` over its id range), by first counter. */
export async function listSegments(http: CouchHttp, device: DeviceId): Promise<Result<Map<number, string>, CouchFailure>> {
  const r = await http.request('GET', `_all_docs?startkey=${encodeKey(`${device}:`)}&endkey=${encodeKey(`${device}:\uffff`)}`);
  const rows = rowsOf(r);
  if (rows === null) return err(answerFailure('list documents', r));
  const out = new Map<number, string>();
  for (const row of rows) {
    const kind = classifyDocId(row.id ?? '');
    if (kind.kind === 'segment' && kind.device === device) out.set(kind.first, row.value?.rev ?? '');
  }
  return ok(out);
}

/** How many reads by keys are in flight at once: the server prepares the next batch while this side takes in the one before. */
const READS_IN_FLIGHT = 3;

/**
 * Documents by id (`_all_docs?include_docs`, a POST with the keys), in batches, a few in flight
 * at once (a new device's first sync reads a whole ledger's segments: with one batch at a time,
 * the page waited a second and a half for the server); a missing one is absent from the map.
 */
export async function readDocs(http: CouchHttp, ids: readonly string[]): Promise<Result<Map<string, Record<string, unknown>>, CouchFailure>> {
  const batches: string[][] = [];
  for (let at = 0; at < ids.length; at += DOCS_PER_REQUEST) batches.push(ids.slice(at, at + DOCS_PER_REQUEST));
  // Each answer settles without rejecting (a request that throws is kept as thrown), so one left
  // unread after an earlier failure is never an unhandled rejection; it is rethrown at its turn.
  type Answer = { rows: RowsAnswer['rows'] | null; r: CouchResponse } | { thrown: unknown };
  const answers: Promise<Answer>[] = [];
  const read = (keys: string[]): Promise<Answer> =>
    http.request('POST', '_all_docs?include_docs=true', { keys }).then(
      (r) => ({ rows: rowsOf(r), r }),
      (thrown: unknown) => ({ thrown }),
    );
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < batches.length; i++) {
    // Keep up to READS_IN_FLIGHT requests going, this one and those after it.
    while (answers.length < Math.min(batches.length, i + READS_IN_FLIGHT)) answers.push(read(batches[answers.length] as string[]));
    const answer = await (answers[i] as Promise<Answer>);
    if ('thrown' in answer) throw answer.thrown;
    if (answer.rows === null) return err(answerFailure('read documents', answer.r));
    for (const row of answer.rows) if (isObject(row.doc) && typeof row.key === 'string') out.set(row.key, row.doc);
  }
  return ok(out);
}

export async function readDeviceDoc(http: CouchHttp, device: DeviceId): Promise<Result<DeviceDoc | null, CouchFailure>> {
  const r = await http.request('GET', encodeURIComponent(deviceDocId(device)));
  if (r.status === 404) return ok(null);
  if (r.status !== 200 || !isObject(r.body)) return err(answerFailure('read a device’s head', r));
  return ok(r.body as unknown as DeviceDoc);
}

/**
 * The segment documents of `device` after counter `after`, oldest first, with their revisions.
 * From a device's start it lists them (`_all_docs` over its ids) and reads them in batches,
 * unless told to `walk`; after a point it follows the chain by key — the next segment's id is the device's next
 * counter — so a round reads what is new and never lists a long history again. (Ids are not
 * padded, so `_all_docs` cannot select "after counter N" by range.) A walk stops at the first id
 * that is not there.
 */
export async function segmentsAfter(http: CouchHttp, device: DeviceId, after: number, walk = after > 0): Promise<Result<{ first: number; rev: string; doc: Record<string, unknown> }[], CouchFailure>> {
  if (!walk) {
    const listed = await listSegments(http, device);
    if (!listed.ok) return listed;
    const firsts = [...listed.value.keys()].sort((a, b) => a - b);
    const docs = await readDocs(http, firsts.map((first) => segmentDocId(device, first)));
    if (!docs.ok) return docs;
    return ok(firsts.flatMap((first) => {
      const doc = docs.value.get(segmentDocId(device, first));
      return doc === undefined ? [] : [{ first, rev: String(doc._rev ?? listed.value.get(first) ?? ''), doc }];
    }));
  }
  const out: { first: number; rev: string; doc: Record<string, unknown> }[] = [];
  for (let next = after + 1; ; ) {
    const r = await http.request('GET', encodeURIComponent(segmentDocId(device, next)));
    if (r.status === 404) return ok(out);
    if (r.status !== 200 || !isObject(r.body)) return err(answerFailure('read a segment', r));
    out.push({ first: next, rev: String(r.body._rev ?? ''), doc: r.body });
    const last = r.body.last;
    if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < next) return ok(out);
    next = last + 1;
  }
}

/** The head file a device document stands for (what {@link readDeviceChain} reads). */
export function headText(doc: DeviceDoc): string {
  return encodeHead({ device: doc.device, name: doc.name, segments: doc.segments, lastHash: doc.lastHash, lastCounter: doc.lastCounter, writtenAt: doc.writtenAt });
}

/**
 * Where this device's own chain stands on the server: its head, and segments written after it
 * by a round cut off before its head (kept when they hold exactly this device's next events).
 */
async function ownPoint(ledger: SyncLedger, http: CouchHttp, deps: CouchDeps): Promise<Result<{ point: ChainPoint; head: DeviceDoc | null }, CouchFailure>> {
  const head = await readDeviceDoc(http, ledger.deviceId);
  if (!head.ok) return head;
  let point: ChainPoint = head.value === null ? { segments: 0, lastHash: null, lastCounter: 0 } : { segments: head.value.segments, lastHash: head.value.lastHash, lastCounter: head.value.lastCounter };
  // Usually nothing is there after the head: one request that finds none.
  const found = await segmentsAfter(http, ledger.deviceId, point.lastCounter, true);
  if (!found.ok) return found;
  if (found.value.length > 0) {
    const mine = await ledger.ownEventsAfter(point.lastCounter);
    let at = 0;
    for (const { first, doc } of found.value) {
      const refuse = (why: string): Result<never, CouchFailure> =>
        fail('error', `The server holds a segment of this device (${segmentDocId(ledger.deviceId, first)}) that ${why}: another installation is writing under this device’s id. Nothing was sent.`);
      const file = segmentFile(doc, ledger.deviceId, first);
      if (!file.ok) return refuse(file.error);
      let text: string;
      try {
        text = deps.utf8.decode(await deps.gunzip(file.value.bytes));
      } catch {
        return refuse('cannot be decompressed');
      }
      const segment = decodeSegmentText(text, ledger.deviceId);
      if (!segment.ok) return refuse(segment.error);
      const { header, events } = segment.value;
      if (header.index !== point.segments + 1 || header.prev !== point.lastHash || header.first !== point.lastCounter + 1) return refuse('does not follow the one before it');
      for (const e of events) {
        const own = mine[at++];
        if (own === undefined || !sameEventContent(own, e)) return refuse(`holds event ${e.id}, which this device did not make`);
      }
      point = { segments: header.index, lastHash: await deps.sha256Bytes(file.value.bytes), lastCounter: header.last };
    }
  }
  if (point.lastCounter > (await ledger.ownCounter())) {
    return fail('error', `The server holds this device’s events up to ${point.lastCounter}, but this ledger only up to ${await ledger.ownCounter()}: another installation is writing under this device’s id (or this device was restored from an older backup). Nothing was sent.`);
  }
  return ok({ point, head: head.value });
}

/** Writes documents with `_bulk_docs`; a document the server already has with the same content counts as written. */
export async function bulkWrite(http: CouchHttp, docs: readonly SegmentDoc[]): Promise<Result<void, CouchFailure>> {
  for (let at = 0; at < docs.length; at += DOCS_PER_REQUEST) {
    const batch = docs.slice(at, at + DOCS_PER_REQUEST);
    const r = await http.request('POST', '_bulk_docs', { docs: batch });
    if ((r.status !== 201 && r.status !== 200) || !Array.isArray(r.body)) return err(answerFailure('write segments', r));
    const failed = (r.body as { id?: string; error?: string; reason?: string }[]).filter((row) => row.error !== undefined);
    for (const row of failed) {
      if (row.error !== 'conflict') return fail('error', `The server did not store segment ${String(row.id)} (${String(row.error)}${row.reason ? `: ${row.reason}` : ''}). It is sent again next round.`);
      // Already there (a round cut off after the server stored it): the same bytes, or another installation's.
      const there = await readDocs(http, [String(row.id)]);
      if (!there.ok) return there;
      const mine = batch.find((d) => d._id === row.id);
      if (mine === undefined || there.value.get(String(row.id))?.sha256 !== mine.sha256) {
        return fail('error', `The server already holds a different segment ${String(row.id)} of this device: another installation is writing under this device’s id. Nothing more was sent.`);
      }
    }
  }
  return ok(undefined);
}

/** The document of a segment (its gzip bytes, as a folder holds them, with its header's fields and hash). */
export function segmentDoc(header: { device: DeviceId; index: number; first: number; last: number; count: number; prev: string | null }, bytes: Uint8Array, sha256: string): SegmentDoc {
  return { _id: segmentDocId(header.device, header.first), type: 'fleetledger-segment', device: header.device, index: header.index, first: header.first, last: header.last, count: header.count, prev: header.prev, sha256, gz: bytesToBase64(bytes) };
}

/**
 * PUTs a document that is rewritten (a head, a checkpoint) at `rev`; when another writer moved
 * it on meanwhile (409: a second tab of the app, a mirror writing the head it relays), reads its
 * revision again and retries once. The content is this writer's own, so the newer one wins.
 */
async function putWithRevision(http: CouchHttp, path: string, rev: string | undefined, body: Record<string, unknown>): Promise<Result<void, CouchResponse>> {
  let r = await http.request('PUT', path, { ...body, ...(rev !== undefined ? { _rev: rev } : {}) });
  if (r.status === 409) {
    const current = await http.request('GET', path);
    const again = isObject(current.body) && typeof current.body._rev === 'string' ? current.body._rev : undefined;
    r = await http.request('PUT', path, { ...body, ...(again !== undefined ? { _rev: again } : {}) });
  }
  return r.status === 200 || r.status === 201 || r.status === 202 ? ok(undefined) : err(r);
}

/** Writes (or rewrites, keeping its revision) a device's head document. */
export async function writeDeviceDoc(http: CouchHttp, head: Omit<DeviceDoc, '_id' | '_rev' | 'type'>, rev: string | undefined): Promise<Result<void, CouchFailure>> {
  const id = deviceDocId(head.device);
  const r = await putWithRevision(http, encodeURIComponent(id), rev, { _id: id, type: 'fleetledger-device', ...head });
  return r.ok ? ok(undefined) : err(answerFailure('write a device’s head', r.error));
}

/** This device's new events sent as segment documents, then its head. Returns how many and where its chain stands. */
async function push(ledger: SyncLedger, http: CouchHttp, deps: CouchDeps): Promise<Result<{ pushed: number; point: ChainPoint }, CouchFailure>> {
  const own = await ownPoint(ledger, http, deps);
  if (!own.ok) return own;
  let point = own.value.point;
  const fresh = await ledger.ownEventsAfter(point.lastCounter);
  const docs: SegmentDoc[] = [];
  if (fresh.length > 0) await deps.report?.step('Sending this device’s changes to the server');
  for await (const made of chainSegments(ledger.deviceId, fresh, point, deps)) {
    docs.push(segmentDoc(made.header, made.bytes, made.point.lastHash as string));
    point = made.point;
  }
  const written = await bulkWrite(http, docs);
  if (!written.ok) return written;
  const head = own.value.head;
  if (docs.length > 0 || head === null || head.name !== ledger.deviceName || head.lastCounter !== point.lastCounter) {
    const written = await writeDeviceDoc(http, { device: ledger.deviceId, name: ledger.deviceName, segments: point.segments, lastHash: point.lastHash, lastCounter: point.lastCounter, writtenAt: deps.now() }, head?._rev);
    if (!written.ok) return written;
  }
  return ok({ pushed: fresh.length, point });
}

/** The server's checkpoint of this device: where its last round read the changes to, and in which session. */
async function serverCheckpoint(http: CouchHttp, device: DeviceId): Promise<Result<{ since: unknown; session: unknown; _rev?: string } | null, CouchFailure>> {
  const r = await http.request('GET', checkpointDocId(device));
  if (r.status === 404) return ok(null);
  if (r.status !== 200 || !isObject(r.body)) return err(answerFailure('read this device’s checkpoint', r));
  return ok(r.body as { since: unknown; session: unknown; _rev?: string });
}

interface ChangesRead {
  /** Devices with new documents. */
  devices: Set<DeviceId>;
  /** Each changed document: what is wrong with it now, or null (nothing, or nothing any more). */
  documents: Map<string, string | null>;
  lastSeq: string | number;
}

/** Reads `_changes` from `since` to the end, in pages: which devices wrote, and what is not ours to read. */
async function readChanges(http: CouchHttp, since: string | number, self: DeviceId): Promise<Result<ChangesRead, CouchFailure>> {
  const devices = new Set<DeviceId>();
  const documents = new Map<string, string | null>();
  let at: string | number = since;
  for (;;) {
    const r = await http.request('GET', `_changes?style=main_only&limit=${CHANGES_LIMIT}&since=${encodeURIComponent(String(at))}`);
    if (r.status !== 200 || !isObject(r.body) || !Array.isArray(r.body.results)) return err(answerFailure('read the changes', r));
    const results = r.body.results as { id?: unknown; deleted?: unknown; changes?: { rev?: unknown }[] }[];
    for (const change of results) {
      const id = typeof change.id === 'string' ? change.id : '';
      const kind = classifyDocId(id);
      const deleted = change.deleted === true;
      // The newest change of a document decides (the feed gives each document once, at its newest).
      switch (kind.kind) {
        case 'ledger':
          documents.set(id, deleted ? `The ledger document (${id}) was deleted on the server. Nothing is lost here; ask whoever runs the server to restore the database from its backup.` : null);
          break;
        case 'device':
          if (kind.device !== self) devices.add(kind.device);
          documents.set(id, deleted ? `Device ${kind.device}: its head (${id}) was deleted on the server.` : null);
          break;
        case 'segment':
          if (kind.device !== self) devices.add(kind.device);
          // A changed one is said by pullDevice, every round it stands in the way.
          documents.set(id, deleted ? `Device ${kind.device}: segment ${id} was deleted on the server. Its events are not lost where they were taken in; nothing after it from this device is applied until it is back.` : null);
          break;
        case 'design':
          break;
        case 'unknown':
          documents.set(id, deleted ? null : `The database holds a document ${id} that is not Fleetledger’s; it is not read. (Use a database of its own for Fleetledger.)`);
          break;
      }
    }
    const last = r.body.last_seq;
    if (typeof last !== 'string' && typeof last !== 'number') return err(answerFailure('read the changes', r));
    at = last;
    if (results.length < CHANGES_LIMIT) return ok({ devices, documents, lastSeq: at });
  }
}

/** Another device's new segments read and checked (as a folder's), and its events taken in. */
async function pullDevice(ledger: SyncLedger, http: CouchHttp, device: DeviceId, from: ChainPoint | null, deps: CouchDeps): Promise<Result<{ status: DeviceStatus; point: ChainPoint; applied: number; problems: string[] }, CouchFailure>> {
  const head = await readDeviceDoc(http, device);
  if (!head.ok) return head;
  const who = deviceWords(device, head.value?.name ?? null);
  if (head.value !== null && head.value.lastCounter > (from?.lastCounter ?? 0)) await deps.report?.step(`Reading the changes from ${who} on the server`);
  const found = await segmentsAfter(http, device, from?.lastCounter ?? 0);
  if (!found.ok) return found;
  // Said in the list of problems and beside the device in the card's table, which must not call a
  // segment changed or deleted on the server one "still being copied".
  const deviceProblems: FolderProblem[] = [];
  const said = (message: string, segment: number | null = null, file: string | null = null): void => {
    deviceProblems.push({ device, segment, file, message });
  };
  const files: { name: string; bytes: Uint8Array }[] = [];
  // A first revision is stored whole, as its device wrote it, with its hash: it needs no later segment to confirm it.
  const vouched = new Map<number, string>();
  let changed = false;
  for (const { first, rev, doc } of found.value) {
    const id = segmentDocId(device, first);
    if (!firstRevision(rev)) {
      // Said every round it stands in the way (readChanges says it only in the round it happened).
      said(`Device ${device}: segment ${id} was changed on the server (revision ${rev}); segments are written once, so it is not applied, nor anything after it from this device.`, null, id);
      changed = true;
      break;
    }
    const file = segmentFile(doc, device, first);
    if (!file.ok) {
      said(`Device ${device}: the document ${id} ${file.error}; it is not read.`, null, id);
      break;
    }
    files.push({ name: segmentFileName(file.value.index), bytes: file.value.bytes });
    vouched.set(file.value.index, file.value.sha256);
  }
  // The head document stands in for head.json (readDeviceChain checks it, and reports it when it is not whole).
  if (head.value !== null) files.push({ name: HEAD_FILE, bytes: deps.utf8.encode(headText(head.value)) });
  const chain = await readDeviceChain(device, files, deps, from, vouched);
  const gap = chain.waitingFor[0];
  if (gap !== undefined && !changed && head.value !== null && head.value.lastCounter > chain.lastCounter) {
    said(`Device ${device}: segment ${gap} is not on the server although the device’s head names ${head.value.segments} (deleted, or a write cut off that the device repeats); nothing after it from this device is applied until it is back.`, gap);
  }
  let applied = 0;
  if (chain.events.length > 0) {
    await deps.report?.step(takingInWords(chain.events.length, who));
    const taken = await ledger.apply(chain.events);
    applied = taken.applied;
    for (const p of taken.problems) said(p);
  }
  for (const p of chain.problems) said(p.message.replace(/ \(Never put or edit files in the team folder by hand\.\)/u, ''), p.segment, p.file);
  const status: DeviceStatus = { device, name: head.value?.name ?? null, lastSeen: head.value?.writtenAt ?? null, events: chain.lastCounter, waitingFor: chain.waitingFor, problems: deviceProblems };
  return ok({ status, point: { segments: chain.segments, lastHash: chain.lastHash, lastCounter: chain.lastCounter }, applied, problems: deviceProblems.map((p) => p.message) });
}

/**
 * One round against the server: push, then pull from the checkpoint. The new state is to be
 * kept for the next round; what could not be read or applied is in `problems`, in words.
 */
export async function syncCouch(ledger: SyncLedger, http: CouchHttp, state: CouchSyncState, deps: CouchDeps): Promise<Result<CouchSyncReport, CouchFailure>> {
  return reach(async () => {
    const db = await checkDatabase(http, false);
    if (!db.ok) return db;
    const theirs = await couchLedger(http);
    if (!theirs.ok) return theirs;
    if (theirs.value === null) return fail('no-ledger', 'The database holds no ledger any more (its ledger document is gone): it was emptied or re-created. Connect again to share this ledger in it.');
    if (theirs.value.ledgerId !== ledger.ledgerId) return fail('other-ledger', `The database holds another ledger (“${theirs.value.ledgerName}”) than this one. Nothing was synced.`);

    const pushed = await push(ledger, http, deps);
    if (!pushed.ok) return pushed;

    // The checkpoint pair: both sides must name the same session, or the changes are read from the start.
    const checkpoint = await serverCheckpoint(http, ledger.deviceId);
    if (!checkpoint.ok) return checkpoint;
    const agreed = state.since !== null && state.session !== null && checkpoint.value !== null && checkpoint.value.session === state.session && checkpoint.value.since === state.since;
    const since = agreed ? (state.since as string | number) : 0;
    const changes = await readChanges(http, since, ledger.deviceId);
    if (!changes.ok) return changes;
    // Read from the start, every document is seen again: what stood before is found afresh.
    const standing: Record<string, string> = agreed ? { ...state.standing } : {};
    for (const [id, problem] of changes.value.documents) {
      if (problem === null) delete standing[id];
      else standing[id] = problem;
    }
    const problems: string[] = Object.keys(standing).sort().map((id) => standing[id] as string);
    const heads = await ledger.heads();
    const devices: DeviceStatus[] = [];
    // Chain points name segments by number and hash, which are this database's cut of each
    // device's events: when the checkpoints disagree (the database was re-created, restored, or
    // refilled from a backup), none of them is trusted and every device is read from its start
    // (taking events in again applies nothing twice).
    const points: Record<DeviceId, ChainPoint> = agreed ? { ...state.devices } : {};
    const pending: DeviceId[] = [];
    let pulled = 0;
    // The state is a cache: a device the ledger holds less of than it says (an older backup
    // restored here since) is read again from its start, changed on the server or not.
    const behind = Object.entries(points).filter(([device, point]) => point.lastCounter > (heads[device] ?? 0)).map(([device]) => device);
    for (const device of [...new Set([...changes.value.devices, ...state.pending, ...behind])].sort()) {
      if (device === ledger.deviceId) continue;
      const cached = points[device] ?? null;
      const from = cached !== null && cached.lastCounter <= (heads[device] ?? 0) ? cached : null;
      const read = await pullDevice(ledger, http, device, from, deps);
      if (!read.ok) return read;
      pulled += read.value.applied;
      points[device] = read.value.point;
      if (read.value.status.waitingFor.length > 0 || read.value.status.problems.length > 0) pending.push(device);
      devices.push(read.value.status);
      for (const p of read.value.problems) problems.push(p);
    }
    const session = agreed ? (state.session as string) : deps.newSession();
    const saved = await putWithRevision(http, checkpointDocId(ledger.deviceId), checkpoint.value?._rev, { since: changes.value.lastSeq, session, device: ledger.deviceId, writtenAt: deps.now() });
    if (!saved.ok) return err(answerFailure('save this device’s checkpoint', saved.error));
    const next: CouchSyncState = { since: changes.value.lastSeq, session, own: pushed.value.point, devices: points, pending, standing };
    return ok({ pushed: pushed.value.pushed, pulled, devices, problems, state: next, lastSeq: changes.value.lastSeq });
  });
}

/**
 * Waits for the next change after `since` (`_changes?feed=longpoll`), at most `timeoutMs`:
 * `changed`, `timeout` (nothing changed), or `refused` (the server answered with an error: a
 * proxy's limit, an outage). No answer counts as offline (thrown as {@link CouchUnreachable}).
 */
export async function waitForCouchChange(http: CouchHttp, since: string | number, timeoutMs: number): Promise<'changed' | 'timeout' | 'refused'> {
  const r = await http.request('GET', `_changes?feed=longpoll&style=main_only&limit=1&timeout=${Math.max(1, Math.round(timeoutMs))}&since=${encodeURIComponent(String(since))}`);
  if (r.status !== 200 || !isObject(r.body) || !Array.isArray(r.body.results)) return 'refused';
  return r.body.results.length > 0 ? 'changed' : 'timeout';
}
