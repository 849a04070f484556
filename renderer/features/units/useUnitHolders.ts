import { useEffect, useState } from 'react';
import { db } from '../../db/db';
import { unitHolders, type UnitHolders } from '../../db/units';

/** Where every serial and asset tag of the fleet is (for an import's "already in the fleet" checks); null while it is read. */
export function useUnitHolders(): UnitHolders | null {
  const [holders, setHolders] = useState<UnitHolders | null>(null);
  useEffect(() => {
    let live = true;
    void unitHolders(db).then((h) => live && setHolders(h));
    return () => {
      live = false;
    };
  }, []);
  return holders;
}
