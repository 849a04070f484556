import { useState } from 'react';
import {
  listSerials,
  SANITISATION_METHODS,
  SANITISATION_TECHNIQUES,
  VERIFICATION_METHODS,
  VERIFICATION_RESULTS,
  type SanitisationMethod,
  type SanitisationRecord,
  type VerificationResult,
} from '../../../shared/units';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { db } from '../../db/db';
import { useStoredSettings } from '../../db/queries';
import type { Settings } from '../../db/database';
import { recordSanitisation } from '../../db/units';
import { todayIso } from '../../lib/clock';
import { useUi } from '../../state/ui';
import { blankSanitisation } from './unitView';

interface Props {
  serials: readonly string[];
  onClose: () => void;
  onDone: () => void;
}

/**
 * One NIST SP 800-88 sanitisation record for the chosen units (each unit's latest record), once
 * the settings are read: the form starts with the person's name as Performed by, not the empty
 * default that stands in while they load.
 */
export function SanitisationDialog(props: Props) {
  const settings = useStoredSettings();
  return settings === undefined ? null : <SanitisationForm {...props} settings={settings} />;
}

function SanitisationForm({ serials, onClose, onDone, settings }: Props & { settings: Settings }) {
  const toast = useUi((s) => s.toast);
  const [r, setR] = useState<SanitisationRecord>(() => blankSanitisation(todayIso(), settings.actorName));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const changed = useChanged(r);
  const set = <K extends keyof SanitisationRecord>(key: K) => (value: SanitisationRecord[K]) => {
    setR((v) => ({ ...v, [key]: value }));
    setError(null);
  };

  const submit = async () => {
    setSaving(true);
    try {
      const result = await recordSanitisation(db, serials, r, settings.actorName, todayIso());
      if (!result.ok) {
        setError(result.error);
        return;
      }
      toast(`Recorded the sanitisation of ${result.value.units} unit${result.value.units === 1 ? '' : 's'}`);
      onDone();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title="Record sanitisation (NIST SP 800-88)" label="Record sanitisation" onClose={onClose} onSubmit={() => void submit()}
      unsaved={changed ? 'the sanitisation record' : undefined}
      footer={
        <>
          <CancelButton />
          <button type="submit" className="btn btn-primary" disabled={saving}>Record for {serials.length} unit{serials.length === 1 ? '' : 's'}</button>
        </>
      }>
      <p style={{ margin: 0 }} className="muted">
        Units: <span className="mono">{listSerials(serials, 6)}</span>
      </p>
      <div className="form-grid">
        <Field label="Method">
          <select className="select" value={r.method} onChange={(e) => set('method')(e.target.value as SanitisationMethod)}>
            {SANITISATION_METHODS.map((m) => (
              <option key={m} value={m}>{m.charAt(0).toUpperCase() + m.slice(1)}</option>
            ))}
          </select>
        </Field>
        <Field label="Technique">
          <input className="input" list="sanitisation-techniques" value={r.technique} onChange={(e) => set('technique')(e.target.value)} />
        </Field>
        <Field label="Tool">
          <input className="input" value={r.tool} onChange={(e) => set('tool')(e.target.value)} placeholder="e.g. nvme-cli, Shredder SSD-1" />
        </Field>
        <Field label="Tool version" hint={r.method === 'destroy' ? 'Optional for a destruction device.' : undefined}>
          <input className="input" value={r.toolVersion} onChange={(e) => set('toolVersion')(e.target.value)} />
        </Field>
        <Field label="Verification method">
          <input className="input" list="verification-methods" value={r.verificationMethod} onChange={(e) => set('verificationMethod')(e.target.value)} />
        </Field>
        <Field label="Verification result">
          <select className="select" value={r.verificationResult} onChange={(e) => set('verificationResult')(e.target.value as VerificationResult)}>
            {VERIFICATION_RESULTS.map((v) => (
              <option key={v} value={v}>{v === 'passed' ? 'Passed' : 'Failed'}</option>
            ))}
          </select>
        </Field>
        <Field label="Performed by">
          <input className="input" value={r.performedBy} onChange={(e) => set('performedBy')(e.target.value)} />
        </Field>
        <Field label="Verified by" hint="Empty when the same person verified.">
          <input className="input" value={r.verifiedBy} onChange={(e) => set('verifiedBy')(e.target.value)} />
        </Field>
        <Field label="Date">
          <input className="input" type="date" value={r.performedAt} onChange={(e) => set('performedAt')(e.target.value)} />
        </Field>
        <Field label="Media serial" hint="The drive(s) sanitised; empty when the unit is the medium.">
          <input className="input mono" value={r.mediaSerial} onChange={(e) => set('mediaSerial')(e.target.value)} />
        </Field>
        <Field label="Note" className="span-all">
          <input className="input" value={r.note} onChange={(e) => set('note')(e.target.value)} />
        </Field>
      </div>
      <datalist id="sanitisation-techniques">
        {SANITISATION_TECHNIQUES[r.method].map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <datalist id="verification-methods">
        {VERIFICATION_METHODS.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      {error && (
        <div className="alert alert-error" role="alert" data-testid="sanitisation-error">
          Not recorded: {error}
        </div>
      )}
    </Dialog>
  );
}
