import { useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { pastedCodes } from '../../../shared/scanSession';
import type { MovePlace, Unit } from '../../../shared/units';
import { useScanKeys } from '../../components/useScanKeys';
import { nameUnit } from './unitView';

/**
 * Which serials move, for a lot with tracked units: scan or type each (Enter adds it and never
 * submits the move form), or paste a column; each can be taken back out. With `place`, also
 * where they go (scan-to-move): a room and rack that the units that move get in the same
 * transaction. Enter in those fields (a scanned rack label) moves on to the scan box instead of
 * submitting the move.
 */
export function MoveUnitsPicker({ lotCode, units, named, quantity, onChange, place, onPlaceChange }: {
  lotCode: string;
  units: readonly Unit[];
  named: readonly string[];
  quantity: number;
  onChange: (named: string[]) => void;
  place?: MovePlace;
  onPlaceChange?: (place: MovePlace) => void;
}) {
  const [value, setValue] = useState('');
  const id = useId();
  const scanBox = useRef<HTMLInputElement>(null);
  const rackBox = useRef<HTMLInputElement>(null);
  // A click on the dialog's text, a checklist box or a button takes the focus off the scan box: a
  // printable key anywhere in the move but a text field goes back to it, so the next code lands.
  useScanKeys(scanBox);
  const nextOnEnter = (next: RefObject<HTMLInputElement | null>) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      next.current?.focus();
    }
  };
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const add = (codes: readonly string[]) => {
    let next = [...named];
    let last: { ok: boolean; text: string } | null = null;
    const refused: string[] = [];
    for (const code of codes) {
      const r = nameUnit(next, code, units, lotCode);
      if (r.ok) next = r.value;
      else refused.push(r.error);
      last = r.ok ? { ok: true, text: `${next[next.length - 1] ?? ''} moves.` } : { ok: false, text: r.error };
    }
    onChange(next);
    // A pasted column: every code that was not named is said, not only how the last one went.
    if (codes.length > 1) {
      const shown = refused.slice(0, 5).join(' ');
      const more = refused.length > 5 ? ` (and ${refused.length - 5} more)` : '';
      const summary = `${next.length - named.length} of ${codes.length} pasted codes named.`;
      last = refused.length === 0 ? { ok: true, text: summary } : { ok: false, text: `${summary} Not named: ${shown}${more}` };
    }
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
      {place && onPlaceChange && (
        <div className="form-grid" style={{ marginBottom: 'var(--sp-2)' }}>
          <div className="field">
            <label htmlFor={`${id}-room`}>Room they go to</label>
            <input id={`${id}-room`} className="input" value={place.room} autoComplete="off" onKeyDown={nextOnEnter(rackBox)}
              onChange={(e) => onPlaceChange({ ...place, room: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-rack`}>Rack they go to</label>
            <input id={`${id}-rack`} ref={rackBox} className="input mono" value={place.rack} autoComplete="off" aria-describedby={`${id}-place-hint`}
              onKeyDown={nextOnEnter(scanBox)} onChange={(e) => onPlaceChange({ ...place, rack: e.target.value })} />
          </div>
          <div className="field-hint span-all" id={`${id}-place-hint`}>
            The units that move get this room and rack (their U is cleared: rack them by editing); leave both blank to keep their place.
          </div>
        </div>
      )}
      <input ref={scanBox} className="input mono" aria-label="Scan a unit that moves" placeholder="Scan or type a serial or asset tag, then Enter" autoComplete="off"
        spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={onKeyDown}
        onPaste={(e) => {
          const text = e.clipboardData.getData('text');
          if (/[\r\n]/u.test(text)) {
            e.preventDefault();
            add(pastedCodes(text));
          }
        }} />
      {/* Always there, so the first scan's result is read out too (a live region that appears with its text is not). */}
      <div className={message?.ok === false ? 'field-error' : 'field-hint'} role="status" data-testid="move-unit-feedback">{message?.text}</div>
      {named.length > 0 && (
        <ul className="chips" aria-label="Named units">
          {named.map((s) => (
            <li key={s} className="chip mono">
              {s}
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove ${s}`}
                onClick={() => {
                  onChange(named.filter((n) => n !== s));
                  // This button goes with its chip: the focus goes back to the scan box, where the scanner types.
                  scanBox.current?.focus();
                }}>×</button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
