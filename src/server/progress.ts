import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr for long imports (shown only once the importer reports progress). */
export function importProgress() {
  return progressBar('import [{bar}] {value}/{total} rows');
}

/** A progress bar on stderr for moving tickets to another workflow version. */
export function migrationProgress() {
  return progressBar('migrate [{bar}] {value}/{total} tickets');
}

function progressBar(format: string) {
  let bar: SingleBar | null = null;
  return {
    update: (done: number, total: number) => {
      if (!bar) {
        bar = new SingleBar({ format, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.legacy);
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
