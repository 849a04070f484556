/** The preload bridge's global, typed from the contract. Only renderer/platform reads it. */
import type { FleetledgerBridge } from '../../shared/ipc';

declare global {
  interface Window {
    /** Present only inside the Electron app (see electron/preload.ts). */
    readonly fleetledger?: FleetledgerBridge;
  }
}

export function desktopBridge(): FleetledgerBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.fleetledger;
}
