/**
 * What the catalogue views (Models, Sites, Suppliers) share: a filter where every typed word must
 * match a record's text, its search box, the count in the header, and the card shown when
 * nothing matches.
 */
import { useDeferredValue, useMemo, useState } from 'react';

/** `items` (already in order) narrowed to those whose `textOf` holds every word typed, case aside. */
export function useWordFilter<T>(items: readonly T[], textOf: (item: T) => string): { filter: string; setFilter: (text: string) => void; visible: readonly T[] } {
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);
  const visible = useMemo(() => {
    const words = deferred.trim().toLowerCase().split(/\s+/u).filter(Boolean);
    return words.length === 0 ? items : items.filter((item) => {
      const text = textOf(item).toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [items, deferred, textOf]);
  return { filter, setFilter, visible };
}

/** "12 sites", or "3 of 12 sites" while a filter narrows them. */
export function countText(visible: number, total: number, one: string, many: string): string {
  return visible === total ? `${total} ${total === 1 ? one : many}` : `${visible} of ${total} ${many}`;
}

/** The search box above a catalogue table; `what` names the records ("sites"). */
export function CatalogFilter({ what, placeholder, filter, setFilter }: { what: string; placeholder: string; filter: string; setFilter: (text: string) => void }) {
  return (
    <div className="toolbar" role="search" aria-label={`Filter ${what}`}>
      <input className="input search" type="search" placeholder={placeholder} aria-label={`Filter ${what}`} value={filter} onChange={(e) => setFilter(e.target.value)} />
    </div>
  );
}

/** The card in place of the table when the filter matches nothing. */
export function NoMatch({ what, filter, onClear }: { what: string; filter: string; onClear: () => void }) {
  return (
    <div className="card empty">
      <h2>
        No {what} match “{filter.trim()}”
      </h2>
      <button type="button" className="btn" onClick={onClear}>
        Clear filter
      </button>
    </div>
  );
}
