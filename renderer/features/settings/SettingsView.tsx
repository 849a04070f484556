import { ledgerFileStem } from '../../../shared/ledger/teamSettings';
import { ComplianceCard } from './ComplianceCard';
import { formatPercent, isUtilisationPercent, parsePercentText } from '../../../shared/utilisation';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { LEARN_MORE_URL } from '../../../shared/ipc';
import { isCurrencyCode } from '../../../shared/money';
import { err, type Result } from '../../../shared/result';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { isValidSetting, THEMES, type Settings, type SettingKey, type Theme } from '../../db/database';
import { db } from '../../db/db';
import { setFiscalYearStartCommand } from '../../db/lotCommands';
import { eventCount, LEDGER_ROW_KEY } from '../../db/eventLog';
import { useSettings } from '../../db/queries';
import { requestPersistentStorage, storageErrors, storageEstimate } from '../../db/storage';
import { appInfo, openExternal, type PlatformInfo } from '../../platform';
import { usePersistence } from '../../state/persistence';
import { useUi } from '../../state/ui';
import { describeUsage } from './byteSize';
import { PolicyTemplatesCard } from '../finance/PolicyTemplates';
import { BackupsCard, LedgerCard } from './BackupsCard';
import { ChecklistSettingsCard } from './ChecklistSettings';
import { CouchServerCard } from './CouchServerCard';
import { TeamSyncCard } from './TeamSyncCard';

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

const THEME_LABELS: Readonly<Record<Theme, string>> = { system: 'Same as the system', light: 'Light', dark: 'Dark' };

export function SettingsView() {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Settings &amp; storage</h1>
      </div>
      <div className="settings-grid">
        <GeneralCard />
        <BackupsCard />
        <LedgerCard />
        <TeamSyncCard />
        <CouchServerCard />
        <StorageCard />
        <DemoCard />
        <AboutCard />
        <PolicyTemplatesCard />
        <ChecklistSettingsCard />
        <ComplianceCard />
      </div>
    </div>
  );
}


/** Saves one setting and says so; a failure reaches the storage banner and a toast, never silence. */
export function useSaveSetting() {
  const toast = useUi((s) => s.toast);
  return async <K extends SettingKey>(key: K, value: Settings[K] | ((current: Settings[K]) => Settings[K]), saved: string): Promise<boolean> => {
    try {
      await db.setSetting(key, value);
      toast(saved);
      return true;
    } catch (e) {
      const d = storageErrors.report(e);
      toast(`Could not save the setting: ${d.title}.`, 'error');
      return false;
    }
  };
}

function GeneralCard() {
  const settings = useSettings();
  const save = useSaveSetting();
  // Text is saved when it is committed (leaving the field or Enter), not at every keystroke.
  const [name, setName] = useState<string | null>(null);
  const [ledgerName, setLedgerName] = useState<string | null>(null);
  const [ledgerNameError, setLedgerNameError] = useState<string | undefined>(undefined);
  const [currency, setCurrency] = useState<string | null>(null);
  const [currencyError, setCurrencyError] = useState<string | undefined>(undefined);
  const [assumed, setAssumed] = useState<string | null>(null);
  const [assumedError, setAssumedError] = useState<string | undefined>(undefined);
  const [fiscalYearError, setFiscalYearError] = useState<string | undefined>(undefined);
  const toast = useUi((s) => s.toast);
  const saving = useRef(new Set<string>());
  const oneAtATime = (field: string, commit: () => Promise<void>) => async () => {
    if (saving.current.has(field)) return;
    saving.current.add(field);
    try {
      await commit();
    } finally {
      saving.current.delete(field);
    }
  };

  const commitFiscalYear = async (month: number) => {
    try {
      const r = await setFiscalYearStartCommand(db, month);
      setFiscalYearError(r.ok ? undefined : r.error);
      if (r.ok) toast(`The fiscal year now starts in ${MONTHS[month - 1] ?? month}`);
    } catch (e) {
      const d = storageErrors.report(e);
      toast(`Could not save the setting: ${d.title}.`, 'error');
    }
  };

  const commitName = oneAtATime('commitName', async () => {
    if (name === null) return;
    const next = name.trim();
    if (next !== settings.actorName) {
      await save('actorName', next, next ? `Changes are now recorded as made by ${next}` : 'Name cleared: changes are recorded as made by “local user”');
    }
    setName(null);
  });

  const commitLedgerName = oneAtATime('commitLedgerName', async () => {
    if (ledgerName === null) return;
    const next = ledgerName.trim();
    if (!isValidSetting('ledgerName', next)) {
      setLedgerNameError('Give the ledger a name of one line, up to 80 characters.');
      return;
    }
    setLedgerNameError(undefined);
    if (next !== settings.ledgerName) await save('ledgerName', next, `The ledger is now called ${next}`);
    setLedgerName(null);
  });

  const commitCurrency = oneAtATime('commitCurrency', async () => {
    if (currency === null) return;
    const next = currency.trim().toUpperCase();
    if (!isCurrencyCode(next)) {
      setCurrencyError('Use a three-letter ISO 4217 code, e.g. USD or EUR.');
      return;
    }
    setCurrencyError(undefined);
    if (next !== settings.baseCurrency) await save('baseCurrency', next, `Base currency set to ${next}`);
    setCurrency(null);
  });

  const commitAssumed = oneAtATime('commitAssumed', async () => {
    if (assumed === null) return;
    const next = parsePercentText(assumed);
    if (next === null || !isUtilisationPercent(next)) {
      setAssumedError('A percentage from 0 to 100, at most two decimals.');
      return;
    }
    setAssumedError(undefined);
    if (next !== settings.assumedUtilisationPercent) await save('assumedUtilisationPercent', next, `Own vs rent now assumes ${formatPercent(next)} utilisation where none is recorded`);
    setAssumed(null);
  });

  // Enter saves where the person is: blurring the field instead dropped the keyboard onto the
  // page, so the next Tab started again from its top. Leaving the field saves too; a second save
  // of a field started while its first runs (Enter, then a click elsewhere) does nothing.
  const saveOnEnter = (commit: () => Promise<void>) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    void commit();
  };

  return (
    <Card title="General">
      <div className="form-grid">
        <Field label="Your name" hint="Recorded as the author of every change you make. Empty: “local user”.">
          <input
            className="input"
            value={name ?? settings.actorName}
            autoComplete="name"
            onChange={(e) => setName(e.target.value)}
            onBlur={() => void commitName()}
            onKeyDown={saveOnEnter(commitName)}
          />
        </Field>
        <Field label="Ledger name" error={ledgerNameError} hint={`Names the backups (${ledgerFileStem(settings.ledgerName)}-<date>.fleetledger); shared by the team.`}>
          <input
            className="input"
            value={ledgerName ?? settings.ledgerName}
            maxLength={80}
            onChange={(e) => {
              setLedgerName(e.target.value);
              setLedgerNameError(undefined);
            }}
            onBlur={() => void commitLedgerName()}
            onKeyDown={saveOnEnter(commitLedgerName)}
          />
        </Field>
        <Field label="Base currency" error={currencyError} hint="For new lots and reports. ISO 4217 code, e.g. EUR.">
          <input
            className="input mono"
            value={currency ?? settings.baseCurrency}
            maxLength={3}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => {
              setCurrency(e.target.value.toUpperCase());
              setCurrencyError(undefined);
            }}
            onBlur={() => void commitCurrency()}
            onKeyDown={saveOnEnter(commitCurrency)}
          />
        </Field>
        <Field label="Fiscal year starts in" error={fiscalYearError} hint="Depreciation and reports follow it.">
          <select
            className="select"
            value={settings.fiscalYearStart}
            onChange={(e) => void commitFiscalYear(Number(e.target.value))}
          >
            {MONTHS.map((m, i) => (
              <option key={m} value={i + 1}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Assumed utilisation (%)" error={assumedError} hint="Own vs rent takes it for a lot’s month with no utilisation recorded, and says “assumed” wherever it does; shared by the team.">
          <input
            className="input"
            inputMode="decimal"
            aria-label="Assumed utilisation (%)"
            value={assumed ?? String(settings.assumedUtilisationPercent)}
            onChange={(e) => {
              setAssumed(e.target.value);
              setAssumedError(undefined);
            }}
            onBlur={() => void commitAssumed()}
            onKeyDown={saveOnEnter(commitAssumed)}
          />
        </Field>
        <Field label="Theme">
          <select
            className="select"
            value={settings.theme}
            onChange={(e) => {
              const theme = e.target.value as Theme;
              void save('theme', theme, `Theme: ${THEME_LABELS[theme].toLowerCase()}`);
            }}
          >
            {THEMES.map((t) => (
              <option key={t} value={t}>
                {THEME_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </Card>
  );
}

function StorageCard() {
  const answer = usePersistence((s) => s.answer);
  const toast = useUi((s) => s.toast);
  const [asking, setAsking] = useState(false);
  const counts = useLiveQuery(async () => {
    const [lots, row, models, sites, suppliers] = await Promise.all([db.lots.count(), db.ledger.get(LEDGER_ROW_KEY), db.models.count(), db.sites.count(), db.suppliers.count()]);
    return { lots, events: row ? eventCount(row) : 0, models, sites, suppliers };
  }, []);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null | undefined>(undefined);
  // Measured again whenever the data changes size.
  const size = counts ? counts.lots + counts.events + counts.models + counts.sites + counts.suppliers : -1;
  useEffect(() => {
    let live = true;
    void storageEstimate().then((e) => {
      if (live) setEstimate(e);
    });
    return () => {
      live = false;
    };
  }, [size]);

  const askAgain = async () => {
    setAsking(true);
    const next = await requestPersistentStorage();
    usePersistence.setState({ answer: next });
    setAsking(false);
    toast(next.persisted ? 'Storage is now persistent.' : 'The browser still does not promise to keep the data.', next.persisted ? 'ok' : 'error');
  };

  let persistence: ReactNode;
  if (answer === null) persistence = <p>Checking whether the browser keeps Fleetledger’s data…</p>;
  else if (answer.persisted) {
    persistence = (
      <p>
        <strong>Persistent.</strong> The browser has promised not to clear Fleetledger’s data to free up space: only you can delete it.
      </p>
    );
  } else {
    persistence = (
      <>
        <p>
          <strong>Not persistent.</strong> The browser may delete Fleetledger’s data without asking when the disk runs low on space
          (“storage pressure”). {answer.supported ? '' : 'This browser cannot be asked to keep it. '}Back up regularly (Backups, above).
        </p>
        {answer.supported && (
          <div className="toolbar">
            <button type="button" className="btn" onClick={() => void askAgain()} disabled={asking} aria-busy={asking || undefined}>
              Ask again
            </button>
          </div>
        )}
      </>
    );
  }

  return (
    <Card title="Storage">
      {persistence}
      <p>
        {estimate === undefined
          ? 'Measuring the space used…'
          : estimate === null
            ? 'This browser does not say how much space Fleetledger uses.'
            : describeUsage(estimate.usage, estimate.quota)}
      </p>
      {counts && (
        <dl className="kv">
          <dt>Lots</dt>
          <dd className="num settings-count">{counts.lots.toLocaleString('en-US')}</dd>
          <dt>History entries</dt>
          <dd className="num settings-count">{counts.events.toLocaleString('en-US')}</dd>
          <dt>Hardware models</dt>
          <dd className="num settings-count">{counts.models.toLocaleString('en-US')}</dd>
          <dt>Sites</dt>
          <dd className="num settings-count">{counts.sites.toLocaleString('en-US')}</dd>
          <dt>Suppliers</dt>
          <dd className="num settings-count">{counts.suppliers.toLocaleString('en-US')}</dd>
        </dl>
      )}
    </Card>
  );
}

function DemoCard() {
  const settings = useSettings();
  const open = useUi((s) => s.open);
  return (
    <Card title="Demo data">
      {settings.demoFleet ? (
        <>
          <p>
            A demo fleet is loaded: sample lots, models and sites to explore Fleetledger, marked “demo” everywhere. Clearing it removes
            them and their history; anything you created yourself stays.
          </p>
          <div className="toolbar">
            <button type="button" className="btn" onClick={() => open({ kind: 'clear-demo' })}>
              Clear demo data…
            </button>
          </div>
        </>
      ) : (
        <p>No demo data is loaded: everything here is your own.</p>
      )}
    </Card>
  );
}

const PLATFORM_NAMES: Readonly<Record<string, string>> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux', web: 'Web browser' };

function AboutCard() {
  const toast = useUi((s) => s.toast);
  const [info, setInfo] = useState<Result<PlatformInfo> | null>(null);
  useEffect(() => {
    let live = true;
    appInfo().then(
      (r) => {
        if (live) setInfo(r);
      },
      (e: unknown) => {
        if (live) setInfo(err(e instanceof Error ? e.message : String(e)));
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const learnMore = async (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    try {
      const r = await openExternal(LEARN_MORE_URL);
      if (!r.ok) toast(`Could not open the link: ${r.error}`, 'error');
      else if (!r.value) toast(`Could not open ${LEARN_MORE_URL}: the link is not allowed.`, 'error');
    } catch (error) {
      toast(`Could not open the link: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  };

  let details: ReactNode;
  if (info === null) details = <p>Reading version information…</p>;
  else if (!info.ok) {
    details = (
      <div className="alert alert-error" role="alert">
        Could not read the version information: {info.error}
      </div>
    );
  } else {
    const v = info.value;
    details = (
      <dl className="kv">
        <dt>App</dt>
        <dd>Fleetledger</dd>
        <dt>Version</dt>
        <dd className="mono">{v.version}</dd>
        <dt>Build</dt>
        <dd>{v.desktop ? `Desktop app${v.electron ? ` (Electron ${v.electron}${v.chrome ? `, Chromium ${v.chrome}` : ''})` : ''}` : 'Browser build'}</dd>
        <dt>Platform</dt>
        <dd>{PLATFORM_NAMES[v.platform] ?? v.platform}</dd>
        {v.userDataPath && (
          <>
            <dt>Data folder</dt>
            <dd className="mono settings-path">{v.userDataPath}</dd>
          </>
        )}
      </dl>
    );
  }

  return (
    <Card title="About Fleetledger">
      <p>An offline-first ledger for hardware fleets: lots, lifecycle, depreciation and resale. Your data stays on this computer.</p>
      {details}
      <p>
        <a href={LEARN_MORE_URL} target="_blank" rel="noopener noreferrer" onClick={(e) => void learnMore(e)}>
          Learn more
        </a>
      </p>
    </Card>
  );
}
