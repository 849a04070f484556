import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CATEGORY_LABELS, modelLabel } from '../../../shared/catalog';
import { STATUS_LABELS } from '../../../shared/lifecycle';
import { Dialog } from '../../components/Dialog';
import { db } from '../../db/db';
import type { Fleet } from '../../db/queries';
import { findUnit, type FoundUnit } from '../../db/units';
import { counted } from '../../lib/counted';
import { useSettled } from '../../lib/useSettled';
import { navigate } from '../../state/route';
import { EMPTY_FILTERS, useUi } from '../../state/ui';
import { importLotsFromFile } from '../importExport/lotFiles';
import { importRentalPricesFromFile, importUtilisationFromFile } from '../finance/ownVsRentFiles';
import { ScanSessionDialog } from '../units/ScanSessionDialog';
import { lotsOfPo, looksLikeCode } from '../units/unitView';

interface Item {
  id: string;
  kind: 'view' | 'action' | 'lot' | 'model' | 'site' | 'supplier' | 'unit' | 'po';
  label: string;
  detail: string;
  run: () => void;
  haystack: string;
}

const MAX_SHOWN = 50;

/**
 * Ctrl/Cmd-K: jump to any lot, model, site or view, or start a common action, by typing.
 * "Receive by PO…" turns the list into a PO picker, then becomes the PO's scan session.
 */
export function CommandPalette({ fleet }: { fleet: Fleet }) {
  const close = useUi((s) => s.close);
  const open = useUi((s) => s.open);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [mode, setMode] = useState<{ kind: 'search' } | { kind: 'pick-po' } | { kind: 'receive-po'; poNumber: string }>({ kind: 'search' });

  const items = useMemo<Item[]>(() => {
    const go = (fn: () => void) => () => {
      close();
      fn();
    };
    const item = (i: Omit<Item, 'haystack'>): Item => ({ ...i, haystack: `${i.label} ${i.detail} ${i.kind}`.toLowerCase() });
    return [
      item({ id: 'v-lots', kind: 'view', label: 'Lots', detail: 'All lots', run: go(() => navigate({ name: 'lots' })) }),
      item({ id: 'v-pipeline', kind: 'view', label: 'Pipeline', detail: 'Stages and statuses', run: go(() => navigate({ name: 'pipeline' })) }),
      item({ id: 'v-report', kind: 'view', label: 'Depreciation report', detail: 'Expense, roll-forward, NBV at a date', run: go(() => navigate({ name: 'report' })) }),
      item({ id: 'v-forecast', kind: 'view', label: 'Forecast & refresh', detail: 'Book against market value; when to refresh; forecast accuracy', run: go(() => navigate({ name: 'forecast' })) }),
      item({ id: 'v-own-vs-rent', kind: 'view', label: 'Own vs rent', detail: 'Owned cost against renting the same work; break-even utilisation', run: go(() => navigate({ name: 'own-vs-rent' })) }),
      item({ id: 'v-provenance', kind: 'view', label: 'Provenance', detail: 'Compliance register, transfers and supplier scorecard', run: go(() => navigate({ name: 'provenance' })) }),
      item({ id: 'v-models', kind: 'view', label: 'Models', detail: 'Hardware catalogue', run: go(() => navigate({ name: 'models' })) }),
      item({ id: 'v-sites', kind: 'view', label: 'Sites', detail: 'Data centres and store rooms', run: go(() => navigate({ name: 'sites' })) }),
      item({ id: 'v-suppliers', kind: 'view', label: 'Suppliers', detail: 'Who lots are bought from: country and channel', run: go(() => navigate({ name: 'suppliers' })) }),
      item({ id: 'v-conflicts', kind: 'view', label: 'Conflicts', detail: 'Changes two devices made to the same thing, to settle', run: go(() => navigate({ name: 'conflicts' })) }),
      item({ id: 'v-settings', kind: 'view', label: 'Settings & storage', detail: 'About, storage, demo data', run: go(() => navigate({ name: 'settings' })) }),
      item({ id: 'a-new-lot', kind: 'action', label: 'New lot…', detail: 'Register a purchase', run: () => open({ kind: 'new-lot' }) }),
      item({ id: 'a-import', kind: 'action', label: 'Import lots from CSV…', detail: 'All-or-nothing, with a preview', run: go(() => void importLotsFromFile()) }),
      item({ id: 'a-import-utilisation', kind: 'action', label: 'Import utilisation from CSV…', detail: 'lot_code, month, utilisation_percent; all-or-nothing, with a preview', run: go(() => void importUtilisationFromFile()) }),
      item({ id: 'a-import-rental-prices', kind: 'action', label: 'Import rental prices from CSV…', detail: 'What renting the same capacity costs, into the models’ price books', run: go(() => void importRentalPricesFromFile()) }),
      item({ id: 'a-new-model', kind: 'action', label: 'New hardware model…', detail: 'Catalogue', run: () => open({ kind: 'model', id: null }) }),
      item({ id: 'a-new-site', kind: 'action', label: 'New site…', detail: 'Data centre or store room', run: () => open({ kind: 'site', id: null }) }),
      item({ id: 'a-new-supplier', kind: 'action', label: 'New supplier…', detail: 'Maker, distributor, reseller or broker', run: () => open({ kind: 'supplier', id: null }) }),
      item({ id: 'a-shipment', kind: 'action', label: 'Shipment certificate…', detail: 'Scan a pallet’s units from any lots; print one certificate of sanitisation', run: go(() => navigate({ name: 'shipment' })) }),
      item({ id: 'a-receive-po', kind: 'action', label: 'Receive by PO…', detail: 'Scan one delivery into every lot of a PO', run: () => {
        setMode({ kind: 'pick-po' });
        setQuery('');
        setActive(0);
      } }),
      ...fleet.lots.map((l) => {
        const m = fleet.modelsById.get(l.modelId);
        return item({ id: `l-${l.id}`, kind: 'lot', label: l.code, detail: `${m ? modelLabel(m) : ''} · ${l.quantity} · ${STATUS_LABELS[l.status]}`, run: go(() => navigate({ name: 'lot', id: l.id })) });
      }),
      ...fleet.models.map((m) =>
        item({ id: `m-${m.id}`, kind: 'model', label: modelLabel(m), detail: `${CATEGORY_LABELS[m.category]} · show its lots`, run: go(() => {
          useUi.setState({ filters: { ...EMPTY_FILTERS, modelId: m.id } });
          navigate({ name: 'lots' });
        }) }),
      ),
      ...fleet.sites.map((s) =>
        item({ id: `s-${s.id}`, kind: 'site', label: `${s.code} — ${s.name}`, detail: 'show its lots', run: go(() => {
          useUi.setState({ filters: { ...EMPTY_FILTERS, siteId: s.id } });
          navigate({ name: 'lots' });
        }) }),
      ),
      ...fleet.suppliers.map((s) => item({ id: `p-${s.id}`, kind: 'supplier', label: s.name, detail: 'edit the supplier', run: () => open({ kind: 'supplier', id: s.id }) })),
    ];
  }, [fleet, close, open]);

  // The POs with lots that can still receive, for the PO picker.
  const poItems = useMemo<Item[]>(() => {
    const pos = [...new Set(fleet.lots.map((l) => l.poNumber.trim()).filter((po) => po !== ''))].sort();
    return pos.flatMap((po) => {
      const lots = lotsOfPo(po, fleet.lots);
      if (lots.length === 0) return [];
      const detail = `${lots.length} lot${lots.length === 1 ? '' : 's'}: ${lots.map((l) => l.code).join(', ')}`;
      return [{ id: `po-${po}`, kind: 'po' as const, label: po, detail, haystack: `${po} ${detail}`.toLowerCase(), run: () => setMode({ kind: 'receive-po', poNumber: po }) }];
    });
  }, [fleet.lots]);

  const matched = useMemo(() => {
    const terms = query.trim().toLowerCase().split(/\s+/u).filter(Boolean);
    if (mode.kind === 'pick-po') return poItems.filter((i) => terms.every((t) => i.haystack.includes(t))).slice(0, MAX_SHOWN);
    if (terms.length === 0) return items.filter((i) => i.kind === 'view' || i.kind === 'action');
    const matches = items.filter((i) => terms.every((t) => i.haystack.includes(t)));
    // Exact code / prefix matches first: a scanned or typed lot code lands on its lot.
    const q = query.trim().toLowerCase();
    const rank = (i: Item) => (i.label.toLowerCase() === q ? 0 : i.label.toLowerCase().startsWith(q) ? 1 : 2);
    return matches.sort((a, b) => rank(a) - rank(b)).slice(0, MAX_SHOWN);
  }, [items, poItems, query, mode.kind]);
  // Scan-to-find: a query that looks like a serial or asset tag is also looked up as a unit.
  const [found, setFound] = useState<{ query: string; unit: FoundUnit } | null>(null);
  const code = query.trim();
  const searching = mode.kind === 'search';
  useEffect(() => {
    if (!searching || !looksLikeCode(code)) return;
    let live = true;
    const timer = setTimeout(() => void findUnit(db, code).then((unit) => { if (live) setFound(unit ? { query: code, unit } : null); }), 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [code, searching]);
  // A code two units answer to (a team-sync conflict not yet settled) says so, naming the others.
  const contestedNote = (f: FoundUnit): string =>
    f.contested === null ? '' : ` · ${f.contested.serials.filter((s) => s !== f.unit.serial).join(', ')} also answer${f.contested.serials.length > 2 ? '' : 's'} to this code: settle it in Conflicts`;
  const goToUnit = (f: FoundUnit) => {
    close();
    useUi.setState({ unitFocus: { lotId: f.unit.lotId, serial: f.unit.serial } });
    navigate({ name: 'lot', id: f.unit.lotId });
  };
  const unitItem: Item | null =
    searching && found && found.query === code
      ? { id: 'u-found', kind: 'unit', label: found.unit.unit.serial, detail: `${found.unit.matchedBy === 'asset-tag' ? `asset tag ${found.unit.unit.assetTag} · ` : ''}in ${found.unit.lot?.code ?? '?'}${contestedNote(found.unit)}`, run: () => goToUnit(found.unit), haystack: '' }
      : null;
  const shown = unitItem ? [unitItem, ...matched] : matched;
  const index = Math.min(active, Math.max(0, shown.length - 1));
  // How many results, said politely once the typing settles (the list itself is not a live region).
  const resultsSaid = useSettled(shown.length === 0 ? 'No results' : counted(shown.length, 'result'));
  // The focus stays in the box (aria-activedescendant), so the list does not scroll by itself:
  // the option the arrow keys reach is brought into view, or Enter would run one nobody can see.
  const list = useRef<HTMLUListElement>(null);
  const activeId = shown[index]?.id;
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [activeId, index]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? index + 1 : index - 1;
      setActive((next + shown.length) % Math.max(1, shown.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const item = shown[index];
      // A scanner types faster than the look-up: an unmatched code is looked up before giving up.
      if (!searching) item?.run();
      else if (item && (item.kind === 'unit' || item.label.toLowerCase() === code.toLowerCase() || !looksLikeCode(code))) item.run();
      else if (looksLikeCode(code)) void findUnit(db, code).then((f) => (f ? goToUnit(f) : item?.run()));
    }
  };

  if (mode.kind === 'receive-po') {
    return <ScanSessionDialog lots={lotsOfPo(mode.poNumber, fleet.lots)} fleet={fleet} poNumber={mode.poNumber} onClose={close} />;
  }

  return (
    <Dialog title={searching ? 'Go to…' : 'Receive by PO'} label="Command palette" onClose={close}>
      <input className="input" autoFocus placeholder={searching ? 'Lot code, model, site, view or action…' : 'PO number…'} aria-label={searching ? 'Search commands' : 'Search PO numbers'}
        role="combobox" aria-expanded="true" aria-controls="palette-list" aria-activedescendant={shown[index] ? `palette-${shown[index].id}` : undefined}
        value={query} onChange={(e) => { setQuery(e.target.value); setActive(0); }} onKeyDown={onKeyDown} />
      <ul ref={list} className="palette-list" id="palette-list" role="listbox" aria-label="Results">
        {shown.length === 0 && (
          <li className="muted" style={{ padding: 'var(--sp-2) var(--sp-5)' }}>
            {searching ? `Nothing matches “${query}”.` : query ? `No PO with lots to receive matches “${query}”.` : 'No PO has lots that can receive units.'}
          </li>
        )}
        {shown.map((item, i) => (
          <li key={item.id} id={`palette-${item.id}`} role="option" aria-selected={i === index} className="palette-item"
            onMouseMove={() => setActive(i)} onClick={() => item.run()}>
            <span className="palette-kind">{item.kind}</span>
            <span className={item.kind === 'lot' || item.kind === 'unit' || item.kind === 'po' ? 'mono' : undefined}>{item.label}</span>
            <span className="muted" style={{ marginLeft: 'auto', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{item.detail}</span>
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status">{resultsSaid}</p>
    </Dialog>
  );
}
