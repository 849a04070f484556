/**
 * What the platform module does in a plain browser (the web build, e2e tests): a file input
 * instead of the open dialog, a download instead of the save dialog, window.print for PDFs.
 */
import { MAX_TEXT_FILE_BYTES, type OpenedTextFile, type SaveKind, type SavedFile } from '../../shared/ipc';
import { err, ok, type Result } from '../../shared/result';

const MB = 1024 * 1024;

const MIME: Readonly<Record<SaveKind, string>> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

async function readText(file: File): Promise<Result<OpenedTextFile>> {
  if (file.size > MAX_TEXT_FILE_BYTES) {
    return err(`${file.name} is ${(file.size / MB).toFixed(1)} MB; Fleetledger opens files up to ${MAX_TEXT_FILE_BYTES / MB} MB. Split it into smaller files.`);
  }
  try {
    const bytes = await file.arrayBuffer();
    return ok({ name: file.name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) });
  } catch {
    return err(`${file.name} is not UTF-8 text. Save it as "CSV UTF-8" and try again.`);
  }
}

/** A hidden file input; resolves null when the picker is dismissed (the input's `cancel` event). */
export function pickTextFile(accept = '.csv,.txt,text/csv,text/plain'): Promise<Result<OpenedTextFile | null>> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.hidden = true;
    const finish = (result: Result<OpenedTextFile | null>): void => {
      input.remove();
      resolve(result);
    };
    input.addEventListener('cancel', () => finish(ok(null)), { once: true });
    input.addEventListener(
      'change',
      () => {
        const file = input.files?.[0];
        if (!file) finish(ok(null));
        else void readText(file).then(finish);
      },
      { once: true },
    );
    document.body.append(input);
    input.click();
  });
}

export function downloadText(name: string, text: string, kind: SaveKind): Result<SavedFile> {
  return downloadBlob(name, new Blob([text], { type: MIME[kind] }));
}

/** Saves a blob as a download named `name`. */
export function downloadBlob(name: string, blob: Blob): Result<SavedFile> {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking synchronously can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return ok({ path: name });
}
