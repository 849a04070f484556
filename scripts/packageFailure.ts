/**
 * Turns a failed electron-builder run into one sentence a person can act on. electron-builder
 * downloads more than Electron to make installers (AppImage's runtime, NSIS, fpm for deb, …),
 * and without a network each of those ends in a stack trace that does not say which.
 */
import { errorReason } from './electronBinary';

const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH)\b|fetch failed|cannot resolve|socket hang up/iu;

export function packageFailureMessage(output: string, exitCode: number | null, dirOnly: boolean): string {
  if (NETWORK.test(output)) {
    const url = /https?:\/\/[^\s"'()]+/u.exec(output)?.[0];
    const tool = url !== undefined ? toolFromUrl(url) : undefined;
    const what = tool !== undefined ? `${tool} (${url})` : url !== undefined ? url : 'a file it needs';
    const next = dirOnly ? 'connect to the internet and run it again' : 'connect to the internet and run it again (`npm run dist:dir` needs only Electron’s binary)';
    return `Packaging stopped: electron-builder could not download ${what}; ${next}.`;
  }
  const code = exitCode === null ? 'was stopped' : `ended with exit code ${exitCode}`;
  return `Packaging stopped: electron-builder ${code} (${errorReason(output)}); its full output is above.`;
}

/** "…/electron-builder-binaries/releases/download/appimage-13.0.0/…" → "appimage-13.0.0". */
function toolFromUrl(url: string): string | undefined {
  const release = /\/releases\/download\/(?:v)?([^/]+)\//u.exec(url)?.[1];
  if (release !== undefined) return release;
  const file = /\/([^/?#]+)(?:[?#].*)?$/u.exec(url)?.[1];
  return file !== undefined && file.length > 0 ? file : undefined;
}
