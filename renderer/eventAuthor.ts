/** Who made a change, as history shows it (issues 10 and 11). */
import { parseEventId } from '../shared/ledger/clock';
import { useCouchSync } from './couchSync';
import { useSettings } from './db/queries';
import { useTeamSync } from './teamSync';

/**
 * Who made a change, for history: the actor, and the device's name when the ledger is shared
 * with a team (through a folder or a server) and the device is known (`Ada · on Hall B scanner`).
 */
export function useEventAuthor(): (e: { id: string; actor: string }) => string {
  const name = useDeviceName();
  return (e) => {
    const device = parseEventId(e.id)?.device;
    const known = device === undefined ? undefined : name(device);
    return known === undefined ? e.actor : `${e.actor} · on ${known}`;
  };
}

/** A device's name as the team's folder or server gave it (undefined when unknown). */
export function useDeviceName(): (device: string) => string | undefined {
  // The names this ledger's folder sync learnt, also while the folder waits for the browser's
  // permission again (after every reload) or cannot be reached: the changes were still made there.
  const folderNames = useTeamSync((s) => s.settings?.deviceNames);
  const serverNames = useCouchSync((s) => s.settings?.deviceNames);
  // And after sync stopped: the names this device kept.
  const kept = useSettings().deviceNames;
  return (device) => folderNames?.[device] ?? serverNames?.[device] ?? kept[device];
}
