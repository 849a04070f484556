/**
 * Settings → Compliance (issue 13): the team's own policy — trusted countries of origin, the
 * export classifications whose transfer abroad needs a licence, and the countries a transfer to
 * needs none. A team setting: saved as one `settings-changed` event, synced with the ledger.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { parseCountryCode, parseEccn, type CompliancePolicy } from '../../../shared/compliance';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { useSettings } from '../../db/queries';
import { useSaveSetting } from './SettingsView';

type ListKey = keyof CompliancePolicy;

const LISTS: readonly { key: ListKey; label: string; hint: string; parse: (text: string) => string | null; what: string }[] = [
  { key: 'trustedOrigins', label: 'Trusted countries of origin', hint: 'ISO 3166 codes, e.g. US TW MX DE. Lots of models made elsewhere, or of unknown origin, are flagged. Empty: no origin policy.', parse: parseCountryCode, what: 'an ISO 3166 country code' },
  { key: 'licenceClassifications', label: 'Classifications that need a licence to move abroad', hint: 'ECCNs, e.g. 3A090 4A090 (each covers its sub-paragraphs, 4A090 covers 4A090.a). A move of such hardware between countries needs a licence reference.', parse: parseEccn, what: 'an ECCN such as 3A090 or 4A090.a' },
  { key: 'licenceFreeDestinations', label: 'Countries a transfer to needs no licence', hint: 'ISO 3166 codes, e.g. DE NL FR. Empty: every transfer of a listed classification needs one.', parse: parseCountryCode, what: 'an ISO 3166 country code' },
];

/** "us, tw  mx" → ['US', 'TW', 'MX'], or the first word that is not a code. */
function parseList(text: string, parse: (t: string) => string | null): { ok: true; value: string[] } | { ok: false; bad: string } {
  const out: string[] = [];
  for (const word of text.split(/[\s,;]+/u).filter(Boolean)) {
    const code = parse(word);
    if (code === null) return { ok: false, bad: word };
    if (!out.includes(code)) out.push(code);
  }
  return { ok: true, value: out };
}

export function ComplianceCard() {
  const settings = useSettings();
  const save = useSaveSetting();
  const policy = settings.compliancePolicy;
  const [drafts, setDrafts] = useState<Partial<Record<ListKey, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<ListKey, string>>>({});

  // Enter, then leaving the field while the first save runs, saves once.
  const saving = useRef(new Set<ListKey>());
  const commit = async (key: ListKey) => {
    const text = drafts[key];
    if (text === undefined || saving.current.has(key)) return;
    saving.current.add(key);
    try {
      await commitText(key, text);
    } finally {
      saving.current.delete(key);
    }
  };
  const commitText = async (key: ListKey, text: string) => {
    const list = LISTS.find((l) => l.key === key)!;
    const parsed = parseList(text, list.parse);
    if (!parsed.ok) {
      setErrors((e) => ({ ...e, [key]: `“${parsed.bad}” is not ${list.what}.` }));
      return;
    }
    setErrors((e) => ({ ...e, [key]: undefined }));
    if (JSON.stringify(parsed.value) !== JSON.stringify(policy[key])) {
      // This list only, on the policy as stored: another list saved a moment ago may not be in this render yet.
      await save('compliancePolicy', (stored) => ({ ...stored, [key]: parsed.value }), parsed.value.length === 0 ? `${list.label}: none` : `${list.label}: ${parsed.value.join(', ')}`);
    }
    setDrafts((d) => ({ ...d, [key]: undefined }));
  };
  // Enter saves where the person is, as in General: blurring the field dropped the keyboard onto
  // the page (the next Tab started again from its top) and took it away from a list to correct.
  const saveOnEnter = (key: ListKey) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    void commit(key);
  };

  return (
    <Card title="Compliance">
      <p className="muted" style={{ marginTop: 0 }}>
        The team’s own policy, shared by the team. Fleetledger records and flags against it; it does not know the law. A move between sites in different countries is a transfer.
      </p>
      <div className="form-grid">
        {LISTS.map((l) => (
          <Field key={l.key} label={l.label} error={errors[l.key]} hint={l.hint} className="span-all">
            <input
              className="input mono"
              aria-label={l.label}
              spellCheck={false}
              autoComplete="off"
              value={drafts[l.key] ?? policy[l.key].join(' ')}
              onChange={(e) => {
                setDrafts((d) => ({ ...d, [l.key]: e.target.value }));
                setErrors((er) => ({ ...er, [l.key]: undefined }));
              }}
              onBlur={() => void commit(l.key)}
              onKeyDown={saveOnEnter(l.key)}
            />
          </Field>
        ))}
      </div>
    </Card>
  );
}
