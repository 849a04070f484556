import { useState, type KeyboardEvent } from 'react';
import { pastedCodes } from '../../../shared/scanSession';
import type { Unit } from '../../../shared/units';
import { nameUnit } from './unitView';

/**
 * Which serials move, for a lot with tracked units: scan or type each (Enter adds it and never
 * submits the move form), or paste a column; each can be taken back out.
 */
export function MoveUnitsPicker({ lotCode, units, named, quantity, onChange }: {
  lotCode: string;
  units: readonly Unit[];
  named: readonly string[];
  quantity: number;
  onChange: (named: string[]) => void;
}) {
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const add = (codes: readonly string[]) => {
    let next = [...named];
    let last: { ok: boolean; text: string } | null = null;
    for (const code of codes) {
      const r = nameUnit(next, code, units, lotCode);
      if (r.ok) next = r.value;
      last = r.ok ? { ok: true, text: `${next[next.length - 1] ?? ''} moves.` } : { ok: false, text: r.error };
    }
    onChange(next);
    setMessage(last);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      // A scanner's Enter names one unit; it must not submit the move.
      e.preventDefault();
      e.stopPropagation();
      if (value.trim() !== '') add([value]);
      setValue('');
    }
  };
  return (
    <fieldset className="field move-units" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend className="field-label">
        Units that move: {named.length} named{Number.isFinite(quantity) ? ` of ${quantity}` : ''} ({units.length} tracked in {lotCode})
      </legend>
      <input className="input mono" aria-label="Scan a unit that moves" placeholder="Scan or type a serial or asset tag, then Enter" autoComplete="off"
        spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={onKeyDown}
        onPaste={(e) => {
          const text = e.clipboardData.getData('text');
          if (/[\r\n]/u.test(text)) {
            e.preventDefault();
            add(pastedCodes(text));
          }
        }} />
      {message && (
        <div className={message.ok ? 'field-hint' : 'field-error'} role="status" data-testid="move-unit-feedback">{message.text}</div>
      )}
      {named.length > 0 && (
        <ul className="chips" aria-label="Named units">
          {named.map((s) => (
            <li key={s} className="chip mono">
              {s}
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove ${s}`} onClick={() => onChange(named.filter((n) => n !== s))}>×</button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
