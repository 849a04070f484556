/**
 * What the platform module does in a plain browser (the web build, e2e tests): a file input
 * instead of the open dialog, a download instead of the save dialog, window.print for PDFs.
 */
import { MAX_TEXT_FILE_BYTES, MAX_YAML_FILES, type OpenedTextFile, type OpenedYamlFile, type SaveKind, type SavedFile } from '../../shared/ipc';
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

/**
 * Several YAML files, or (`folder`) every .yaml/.yml file under a chosen folder — Chromium's
 * directory input; names are then paths inside that folder. `null` when dismissed.
 */
export function pickYamlFiles(folder: boolean): Promise<Result<OpenedYamlFile[] | null>> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    if (folder) input.setAttribute('webkitdirectory', '');
    else input.accept = '.yaml,.yml';
    input.hidden = true;
    const finish = (result: Result<OpenedYamlFile[] | null>): void => {
      input.remove();
      resolve(result);
    };
    input.addEventListener('cancel', () => finish(ok(null)), { once: true });
    input.addEventListener(
      'change',
      () => {
        const chosen = [...(input.files ?? [])].filter((f) => /\.ya?ml$/iu.test(f.name));
        if (chosen.length === 0) return finish(folder && (input.files?.length ?? 0) > 0 ? err('The folder holds no .yaml or .yml files.') : ok(null));
        if (chosen.length > MAX_YAML_FILES) return finish(err(`More than ${MAX_YAML_FILES} YAML files; choose fewer (a manufacturer's folder, for example).`));
        const total = chosen.reduce((n, f) => n + f.size, 0);
        if (total > MAX_TEXT_FILE_BYTES) return finish(err(`The files add up to more than ${MAX_TEXT_FILE_BYTES / MB} MB; choose fewer.`));
        void Promise.all(chosen.map((f) => readText(f).then((r) => (r.ok ? ok({ name: f.webkitRelativePath || f.name, text: r.value.text }) : r)))).then((results) => {
          const failed = results.find((r) => !r.ok);
          finish(failed && !failed.ok ? err(failed.error) : ok(results.map((r) => (r.ok ? r.value : { name: '', text: '' }))));
        });
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
