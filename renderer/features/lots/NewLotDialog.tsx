import { useMemo, useState } from 'react';
import { copyTemplate } from '../../../shared/depreciation/policies';
import { validateLot, type FieldErrors } from '../../../shared/lotChanges';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { FieldErrorAnnouncement, useErrorAnnouncement } from '../../components/Field';
import { db } from '../../db/db';
import { createLotCommand } from '../../db/lotCommands';
import { useStoredSettings, type Fleet } from '../../db/queries';
import type { Settings } from '../../db/database';
import { todayIso } from '../../lib/clock';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';
import { LotFields } from './LotFields';
import { usePolicyProblems } from './PolicyFields';
import { emptyLotForm, formToLot, type LotFormValues } from './lotForm';

/** Checks the whole form: parse problems first, then the domain's rules for the lot. */
export function checkLotForm(
  values: LotFormValues,
  takenCodes: ReadonlySet<string>,
  /**
   * Editing a lot imported without its PO: other edits save while it stays missing (shared/lifecycle.ts isPoMissing).
   * `today`: what the status says has happened must be dated today or earlier (validateLot).
   */
  options: { poMayBeMissing?: boolean; today?: string } = {},
): { errors: FieldErrors; lot: ReturnType<typeof formToLot>['lot']; supplierName: string } {
  const { lot, supplierName, errors } = formToLot(values);
  const domain = validateLot({ ...lot, disposition: null, disposedDate: null, proceeds: null, demo: false, parentId: null, adjustments: [], depreciationChain: null }, takenCodes, options);
  return { lot, supplierName, errors: { ...domain, ...errors } };
}

/** The New lot dialog, once the settings are read: the form starts in the team's base currency and templates. */
export function NewLotDialog({ fleet }: { fleet: Fleet }) {
  const settings = useStoredSettings();
  return settings === undefined ? null : <NewLotForm fleet={fleet} settings={settings} />;
}

function NewLotForm({ fleet, settings }: { fleet: Fleet; settings: Settings }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const [values, setValues] = useState<LotFormValues>(() => emptyLotForm(todayIso(), settings.baseCurrency, settings.policyTemplates.other));
  const [policiesTouched, setPoliciesTouched] = useState(false);
  // Until the person changes a policy, the lot follows its model's category templates (Settings).
  // The messages follow the typing once the first attempt showed them; said only at each attempt.
  const { announcement, attempted, typed } = useErrorAnnouncement();
  const onChange = (next: LotFormValues) => {
    typed();
    const touched = policiesTouched || next.book !== values.book || next.tax !== values.tax;
    setPoliciesTouched(touched);
    const model = next.modelId !== values.modelId ? fleet.modelsById.get(next.modelId) : undefined;
    if (model && !touched) {
      const t = settings.policyTemplates[model.category];
      setValues({ ...next, book: copyTemplate(t.book), tax: copyTemplate(t.tax) });
    } else setValues(next);
  };
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const codes = useMemo(() => new Set(fleet.lots.map((l) => l.code)), [fleet.lots]);
  const policyProblems = usePolicyProblems();
  const check = checkLotForm(values, codes, { today: todayIso() });
  // A policy field shown wrong holds back the save: its value is the last good one, not what is typed.
  const formErrors: FieldErrors = { ...check.errors, ...policyProblems.errors };
  const errors = submitted ? { ...serverErrors, ...formErrors } : {};
  // A policy field typed wrong holds text the values do not: that is input too.
  const changed = useChanged(values) || Object.keys(policyProblems.errors).length > 0;

  const submit = async () => {
    setSubmitted(true);
    attempted();
    setServerErrors({});
    if (Object.keys(formErrors).length > 0) return;
    setSaving(true);
    try {
      const r = await createLotCommand(db, { ...check.lot, disposition: null, disposedDate: null, proceeds: null, demo: false }, settings.actorName, check.supplierName);
      if (!r.ok) {
        setServerErrors(r.error);
        return;
      }
      close();
      toast(`Registered lot ${r.value.code}`);
      navigate({ name: 'lot', id: r.value.id });
    } finally {
      setSaving(false);
    }
  };

  const errorCount = Object.keys(errors).length;
  return (
    <Dialog title="New lot" wide onClose={close} onSubmit={() => void submit()} unsaved={changed ? 'the new lot' : undefined}
      footer={
        <>
          {errorCount > 0 && (
            <span key={announcement.attempt} className="field-error" role={announcement.announce ? 'status' : undefined}>
              {errorCount} field{errorCount === 1 ? ' needs' : 's need'} attention
            </span>
          )}
          <span style={{ flex: 1 }} />
          <CancelButton />
          <button type="submit" className="btn btn-primary" disabled={saving}>Register lot</button>
        </>
      }>
      <p className="muted" style={{ margin: 0 }}>One lot is one PO line: identical units bought together. Moving part of it later splits it.</p>
      <FieldErrorAnnouncement.Provider value={announcement}>
        <LotFields values={values} errors={errors} fleet={fleet} onChange={onChange} withStatus onPolicyProblem={policyProblems.report} />
      </FieldErrorAnnouncement.Provider>
    </Dialog>
  );
}
