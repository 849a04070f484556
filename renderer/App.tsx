import { useEffect, type ReactNode } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Toasts } from './components/Toasts';
import { useFleet, useSettings } from './db/queries';
import { CatalogDialogs } from './features/catalog/CatalogDialogs';
import { ModelsView } from './features/catalog/ModelsView';
import { SitesView } from './features/catalog/SitesView';
import { ClearDemoDialog, DemoBanner } from './features/demo/DemoBanner';
import { ImportLotsDialog } from './features/importExport/ImportLotsDialog';
import { ImportNetBoxDialog } from './features/importExport/ImportNetBoxDialog';
import { ImportUnitsDialog } from './features/units/ImportUnitsDialog';
import { ImportSnipeItDialog } from './features/importExport/ImportSnipeItDialog';
import { exportLots, exportNetBox, exportSnipeIt, exportUnits, importLotsFromFile, importNetBoxFromFiles, importSnipeItFromFile, importUnitsFromFile } from './features/importExport/lotFiles';
import { FleetReport } from './features/finance/FleetReport';
import { ForecastView } from './features/finance/ForecastView';
import { LotDetail } from './features/lots/LotDetail';
import { ImportMarketDialog } from './features/market/ImportMarketDialog';
import { ImportUtilisationDialog } from './features/finance/ImportUtilisationDialog';
import { ImportRentalPricesDialog } from './features/catalog/ImportRentalPricesDialog';
import { CategoryRentalPricesDialog } from './features/catalog/CategoryRentalPricesDialog';
import { ModelMarket } from './features/market/ModelMarket';
import { ObservationDialog } from './features/market/ObservationDialog';
import { LotsList } from './features/lots/LotsList';
import { MoveDialog } from './features/lots/MoveDialog';
import { NewLotDialog } from './features/lots/NewLotDialog';
import { CommandPalette } from './features/palette/CommandPalette';
import { Pipeline } from './features/pipeline/Pipeline';
import { BackupReminder, RestoreDialog, useBackUpNow, useChooseRestore } from './features/settings/BackupsCard';
import { SettingsView } from './features/settings/SettingsView';
import { StorageErrorBanner } from './features/settings/StorageErrorBanner';
import { ShipmentView } from './features/units/ShipmentView';
import { ConflictsView } from './features/conflicts/ConflictsView';
import { OwnVsRentView } from './features/finance/OwnVsRentView';
import { ProvenanceView } from './features/compliance/ProvenanceView';
import { SuppliersView } from './features/catalog/SuppliersView';
import { useConflicts } from './features/conflicts/useConflicts';
import { onMenuCommand } from './platform';
import { VIEW_KEYS } from '../shared/ipc';
import { navigate, useRoute, type Route } from './state/route';
import { useUi } from './state/ui';
import { needsSupplierAdoption } from '../shared/suppliers';
import { db } from './db/db';
import { adoptSupplierTextsCommand } from './db/catalogCommands';

// The keys are the ones the desktop View menu shows too (VIEW_KEYS).
const NAV: { route: Route; label: string; key: string }[] = [
  { route: { name: 'lots' }, label: 'Lots', key: VIEW_KEYS['go-lots'] },
  { route: { name: 'pipeline' }, label: 'Pipeline', key: VIEW_KEYS['go-pipeline'] },
  { route: { name: 'report' }, label: 'Depreciation', key: VIEW_KEYS['go-report'] },
  { route: { name: 'forecast' }, label: 'Forecast & refresh', key: VIEW_KEYS['go-forecast'] },
  { route: { name: 'models' }, label: 'Models', key: VIEW_KEYS['go-models'] },
  { route: { name: 'sites' }, label: 'Sites', key: VIEW_KEYS['go-sites'] },
  { route: { name: 'suppliers' }, label: 'Suppliers', key: VIEW_KEYS['go-suppliers'] },
  { route: { name: 'settings' }, label: 'Settings & storage', key: VIEW_KEYS['go-settings'] },
  { route: { name: 'own-vs-rent' }, label: 'Own vs rent', key: VIEW_KEYS['go-own-vs-rent'] },
  { route: { name: 'provenance' }, label: 'Provenance', key: VIEW_KEYS['go-provenance'] },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/u.test(navigator.platform);

export function App() {
  const route = useRoute((s) => s.route);
  const fleet = useFleet();
  // Lots that name their supplier only as text (a backup or a team device of an earlier version) get supplier records.
  const textSuppliers = fleet?.lots.some(needsSupplierAdoption) ?? false;
  useEffect(() => {
    if (textSuppliers) void adoptSupplierTextsCommand(db).catch((e: unknown) => console.error('Turning supplier names into suppliers failed', e));
  }, [textSuppliers, fleet]);
  const settings = useSettings();
  const open = useUi((s) => s.open);
  const [backUp] = useBackUpNow();
  const [chooseRestore] = useChooseRestore();
  const conflictCount = useConflicts().length;

  useEffect(() => {
    const root = document.documentElement;
    if (settings.theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', settings.theme);
  }, [settings.theme]);

  // Global keys: Ctrl/Cmd-K palette, Alt+0..9 views. The desktop menu sends the same commands.
  // Not while a dialog is open: it is modal, and the palette would replace it (a half-filled form
  // with it). The view keys go by the key's place (`code`), not the character it types: Option+1
  // types "¡" on a Mac, the digits need Shift on AZERTY, and Alt + keypad digits is how Windows
  // types a character by its code (and how some scanners send theirs), which is typing, not navigation.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open({ kind: 'palette' });
      } else if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const item = NAV.find((n) => `Digit${n.key}` === e.code);
        if (item) {
          e.preventDefault();
          navigate(item.route);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  useEffect(
    () =>
      onMenuCommand((command) => {
        switch (command) {
          case 'import-lots-csv':
            void importLotsFromFile();
            break;
          case 'export-lots-csv':
            if (fleet) void exportLots(fleet.lots, fleet, false);
            break;
          case 'import-units-csv':
            void importUnitsFromFile();
            break;
          case 'export-units-csv':
            if (fleet) void exportUnits(fleet);
            break;
          case 'import-snipeit':
            void importSnipeItFromFile();
            break;
          case 'import-netbox':
            void importNetBoxFromFiles(false);
            break;
          case 'import-netbox-folder':
            void importNetBoxFromFiles(true);
            break;
          case 'export-snipeit':
            if (fleet) void exportSnipeIt(fleet, false);
            break;
          case 'export-netbox':
            if (fleet) void exportNetBox(fleet, 4);
            break;
          case 'new-lot':
            open({ kind: 'new-lot' });
            break;
          case 'command-palette':
            open({ kind: 'palette' });
            break;
          case 'go-lots':
            navigate({ name: 'lots' });
            break;
          case 'go-pipeline':
            navigate({ name: 'pipeline' });
            break;
          case 'go-report':
            navigate({ name: 'report' });
            break;
          case 'go-forecast':
            navigate({ name: 'forecast' });
            break;
          case 'go-own-vs-rent':
            navigate({ name: 'own-vs-rent' });
            break;
          case 'go-provenance':
            navigate({ name: 'provenance' });
            break;
          case 'shipment-certificate':
            navigate({ name: 'shipment' });
            break;
          case 'go-models':
            navigate({ name: 'models' });
            break;
          case 'go-sites':
            navigate({ name: 'sites' });
            break;
          case 'go-suppliers':
            navigate({ name: 'suppliers' });
            break;
          case 'go-settings':
          case 'about':
            navigate({ name: 'settings' });
            break;
          case 'back-up-now':
            void backUp();
            break;
          case 'restore-from-backup':
            navigate({ name: 'settings' });
            void chooseRestore();
            break;
          default: {
            const never: never = command;
            console.warn('Unknown menu command', never);
          }
        }
      }),
    [fleet, open, backUp, chooseRestore],
  );

  let view: ReactNode;
  if (!fleet) view = <div className="empty" aria-busy="true">Loading the fleet…</div>;
  else {
    switch (route.name) {
      case 'lots':
        view = <LotsList fleet={fleet} />;
        break;
      case 'lot':
        view = <LotDetail id={route.id} fleet={fleet} />;
        break;
      case 'pipeline':
        view = <Pipeline fleet={fleet} />;
        break;
      case 'report':
        view = <FleetReport fleet={fleet} />;
        break;
      case 'forecast':
        view = <ForecastView fleet={fleet} />;
        break;
      case 'own-vs-rent':
        view = <OwnVsRentView fleet={fleet} />;
        break;
      case 'provenance':
        view = <ProvenanceView fleet={fleet} />;
        break;
      case 'models':
        view = <ModelsView fleet={fleet} />;
        break;
      case 'model-market':
        view = <ModelMarket id={route.id} fleet={fleet} />;
        break;
      case 'sites':
        view = <SitesView fleet={fleet} />;
        break;
      case 'suppliers':
        view = <SuppliersView fleet={fleet} />;
        break;
      case 'settings':
        view = <SettingsView />;
        break;
      case 'shipment':
        view = <ShipmentView fleet={fleet} />;
        break;
      case 'conflicts':
        view = <ConflictsView />;
        break;
      default: {
        const never: never = route;
        view = <div className="empty">Unknown view {JSON.stringify(never)}</div>;
      }
    }
  }
  const current = route.name === 'lot' ? 'lots' : route.name === 'model-market' ? 'models' : route.name;

  return (
    <div className="app">
      <a className="skip-link" href="#main">Skip to content</a>
      <div className="app-banner">
        <StorageErrorBanner />
        {settings.demoFleet && <DemoBanner />}
        <BackupReminder />
      </div>
      <nav className="sidebar" aria-label="Views">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" /> Fleetledger
        </div>
        {NAV.map((n) => (
          <a key={n.route.name} className="nav-item" href={`#/${n.route.name}`} aria-current={current === n.route.name ? 'page' : undefined}
            title={`Alt+${n.key}`}>
            {n.label}
          </a>
        ))}
        <a className="nav-item" href="#/conflicts" aria-current={current === 'conflicts' ? 'page' : undefined} data-testid="nav-conflicts">
          Conflicts
          {conflictCount > 0 && (
            <span className="badge badge-plain badge-warn" aria-label={`${conflictCount} to settle`}>
              {conflictCount}
            </span>
          )}
        </a>
        <span className="nav-spacer" />
        <button type="button" className="nav-item" onClick={() => open({ kind: 'palette' })}>
          Go to… <span className="kbd">{isMac ? '⌘K' : 'Ctrl K'}</span>
        </button>
      </nav>
      {/* Focusable from script only: the skip link's target, and where a closed dialog leaves the focus when its opener is gone. */}
      <main className="main" id="main" tabIndex={-1}>
        <ErrorBoundary key={route.name === 'lot' || route.name === 'model-market' ? `${route.name}:${route.id}` : route.name}>{view}</ErrorBoundary>
      </main>
      {fleet && <Dialogs />}
      <RestoreDialog />
      <Toasts />
    </div>
  );
}

function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  const fleet = useFleet();
  if (!dialog || !fleet) return null;
  switch (dialog.kind) {
    case 'move':
      return <MoveDialog lotId={dialog.lotId} initialTarget={dialog.to} fleet={fleet} />;
    case 'new-lot':
      return <NewLotDialog fleet={fleet} />;
    case 'import-lots':
      return <ImportLotsDialog fileName={dialog.fileName} text={dialog.text} fleet={fleet} />;
    case 'import-units':
      return <ImportUnitsDialog fileName={dialog.fileName} text={dialog.text} fleet={fleet} onClose={() => useUi.getState().close()} />;
    case 'import-snipeit':
      return <ImportSnipeItDialog fileName={dialog.fileName} text={dialog.text} fleet={fleet} />;
    case 'import-netbox':
      return <ImportNetBoxDialog files={dialog.files} fleet={fleet} />;
    case 'palette':
      return <CommandPalette fleet={fleet} />;
    case 'model':
    case 'site':
    case 'supplier':
      return <CatalogDialogs dialog={dialog} fleet={fleet} />;
    case 'clear-demo':
      return <ClearDemoDialog />;
    case 'observation':
      return <ObservationDialog modelId={dialog.modelId} fleet={fleet} />;
    case 'import-market':
      return <ImportMarketDialog fileName={dialog.fileName} text={dialog.text} fleet={fleet} />;
    case 'import-utilisation':
      return <ImportUtilisationDialog fileName={dialog.fileName} text={dialog.text} fleet={fleet} />;
    case 'import-rental-prices':
      return <ImportRentalPricesDialog fileName={dialog.fileName} text={dialog.text} fleet={fleet} />;
    case 'category-rental-prices':
      return <CategoryRentalPricesDialog />;
    default: {
      const never: never = dialog;
      return <>{JSON.stringify(never)}</>;
    }
  }
}
