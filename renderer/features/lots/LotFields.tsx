import { useCallback, useId } from 'react';
import { CATEGORY_LABELS, modelLabel } from '../../../shared/catalog';
import { supplierDetails } from '../../../shared/provenanceRecord';
import { supplierKey } from '../../../shared/suppliers';
import { LOT_STATUSES, STATUS_LABELS, type LotStatus } from '../../../shared/lifecycle';
import type { FieldErrors } from '../../../shared/lotChanges';
import { Field } from '../../components/Field';
import type { Fleet } from '../../db/queries';
import type { LotFormValues } from './lotForm';
import { PolicyFields } from './PolicyFields';

interface Props {
  values: LotFormValues;
  errors: FieldErrors;
  fleet: Fleet;
  onChange: (values: LotFormValues) => void;
  /** New lots choose their starting status; existing lots change status by moves only. */
  withStatus?: boolean;
  /** A split part's policies come from the original lot. */
  policiesLocked?: boolean;
  /** Told what a policy field shows wrong (usePolicyProblems), so the save can wait for it. */
  onPolicyProblem?: (book: 'book' | 'tax', problem: string | null) => void;
}

/** Every editable field of a lot, each with its inline message. */
export function LotFields({ values, errors, fleet, onChange, withStatus, policiesLocked, onPolicyProblem }: Props) {
  const bookProblem = useCallback((problem: string | null) => onPolicyProblem?.('book', problem), [onPolicyProblem]);
  const taxProblem = useCallback((problem: string | null) => onPolicyProblem?.('tax', problem), [onPolicyProblem]);
  const set = <K extends keyof LotFormValues>(key: K) => (e: { target: { value: string } }) => onChange({ ...values, [key]: e.target.value });
  const models = [...fleet.models].sort((a, b) => modelLabel(a).localeCompare(modelLabel(b)));
  const sites = [...fleet.sites].sort((a, b) => a.code.localeCompare(b.code));
  const supplierListId = useId();
  // The supplier is typed: a known one is found by name; another becomes a new supplier on save.
  const supplierKnown = fleet.suppliers.find((s) => supplierKey(s.name) === supplierKey(values.supplier));
  const supplierHint =
    supplierKey(values.supplier) === '' ? undefined : supplierKnown ? supplierDetails(supplierKnown) || undefined : 'Not among Suppliers yet: saving adds it (set its country and channel there).';
  return (
    <div className="form-grid">
      <Field label="Lot code" error={errors.code}>
        <input className="input mono" value={values.code} onChange={set('code')} autoComplete="off" />
      </Field>
      <Field label="Hardware model" error={errors.modelId} className="span-2">
        <select className="select" value={values.modelId} onChange={set('modelId')}>
          <option value="">Choose a model…</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {modelLabel(m)} ({CATEGORY_LABELS[m.category]})
            </option>
          ))}
        </select>
      </Field>
      {withStatus && (
        <Field label="Status" error={errors.status}>
          <select className="select" value={values.status} onChange={(e) => onChange({ ...values, status: e.target.value as LotStatus })}>
            {LOT_STATUSES.filter((s) => s !== 'disposed').map((s) => (
              <option key={s} value={s}>{STATUS_LABELS[s]}</option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Quantity" error={errors.quantity}>
        <input className="input" inputMode="numeric" value={values.quantity} onChange={set('quantity')} />
      </Field>
      <Field label="Unit cost" error={errors.unitCost}>
        <input className="input" inputMode="decimal" value={values.unitCost} onChange={set('unitCost')} placeholder="0.00" />
      </Field>
      <Field label="Extra costs (freight, tax, install)" error={errors.extraCosts} hint="For the whole lot; capitalised into cost basis.">
        <input className="input" inputMode="decimal" value={values.extraCosts} onChange={set('extraCosts')} />
      </Field>
      <Field label="Currency" error={errors.currency}>
        <input className="input" value={values.currency} onChange={set('currency')} maxLength={3} autoComplete="off" />
      </Field>
      <Field label="Purchase date" error={errors.purchaseDate}>
        <input className="input" type="date" value={values.purchaseDate} onChange={set('purchaseDate')} />
      </Field>
      <Field label="Received date" error={errors.receivedDate}>
        <input className="input" type="date" value={values.receivedDate} onChange={set('receivedDate')} />
      </Field>
      <Field label="In-service date" error={errors.inServiceDate}>
        <input className="input" type="date" value={values.inServiceDate} onChange={set('inServiceDate')} />
      </Field>
      <Field label="Site" error={errors.siteId}>
        <select className="select" value={values.siteId} onChange={set('siteId')}>
          <option value="">No site yet</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>{s.code} — {s.name}</option>
          ))}
        </select>
      </Field>
      <Field label="Supplier" error={errors.supplierId} hint={supplierHint}>
        <input className="input" value={values.supplier} onChange={set('supplier')} list={supplierListId} autoComplete="off" />
      </Field>
      <datalist id={supplierListId}>
        {fleet.suppliers.map((s) => (
          <option key={s.id} value={s.name} />
        ))}
      </datalist>
      <Field label="PO number" error={errors.poNumber}>
        <input className="input mono" value={values.poNumber} onChange={set('poNumber')} autoComplete="off" />
      </Field>
      <Field label="Warranty end" error={errors.warrantyEnd}>
        <input className="input" type="date" value={values.warrantyEnd} onChange={set('warrantyEnd')} />
      </Field>
      <Field label="Salvage value per unit" error={errors.salvageValue}>
        <input className="input" inputMode="decimal" value={values.salvageValue} onChange={set('salvageValue')} />
      </Field>
      <Field label="Power per unit (W)" error={errors.powerWatts} hint="Empty uses the model’s figure.">
        <input className="input" inputMode="numeric" value={values.powerWatts} onChange={set('powerWatts')} />
      </Field>
      <Field label="Support cost per unit per year" error={errors.supportCostPerYear}>
        <input className="input" inputMode="decimal" value={values.supportCostPerYear} onChange={set('supportCostPerYear')} />
      </Field>
      <Field label="Tags" error={errors.tags} hint="Comma-separated.">
        <input className="input" value={values.tags} onChange={set('tags')} />
      </Field>
      <Field label="Replacement plan" error={errors.replacementPlan} className="span-all">
        <input className="input" value={values.replacementPlan} onChange={set('replacementPlan')} />
      </Field>
      <Field label="Notes" error={errors.notes} className="span-all">
        <textarea className="textarea" value={values.notes} onChange={set('notes')} />
      </Field>
      <div className="span-all policy-pair">
        <PolicyFields legend="Book depreciation" value={values.book} error={errors.book} onChange={(book) => onChange({ ...values, book })} disabled={policiesLocked} onProblem={bookProblem} />
        <PolicyFields legend="Tax depreciation" value={values.tax} error={errors.tax} onChange={(tax) => onChange({ ...values, tax })} disabled={policiesLocked} onProblem={taxProblem} />
      </div>
    </div>
  );
}
