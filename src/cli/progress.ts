/**
 * Progress of a scan on stderr — files done of total, rate and time left — redrawn in place at most ten times
 * a second, and only for a person at a terminal: nothing when stderr is not a TTY or with --quiet.
 */
export interface Progress {
  update(done: number, total: number): void;
  /** The flow simulation: units of code run at least once, of all. */
  simulating(ran: number, total: number): void;
  /** Clears the line. */
  finish(): void;
}

const REDRAW_MS = 100;
const SILENT: Progress = { update: () => undefined, simulating: () => undefined, finish: () => undefined };

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const n = (value: number) => value.toLocaleString('en-US');

export function progressLine(done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? duration((total - done) / rate) : '?';
  return `lineage: ${n(done)}/${n(total)} files · ${n(Math.round(rate))} files/s · ${eta} left`;
}

/** No time left is shown: units run again when their callees change, so the rate says little of what remains. */
export function simulationLine(ran: number, total: number, elapsedMs: number): string {
  return `lineage: simulating · ${n(ran)}/${n(total)} units run · ${duration(elapsedMs / 1000)}`;
}

export function progressDisplay(
  stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>,
  enabled: boolean,
  now: () => number = () => performance.now(),
): Progress {
  if (!enabled || stream.isTTY !== true) return SILENT;
  const start = now();
  let last = -Infinity;
  let shown = false;
  let simulationStart: number | undefined;
  return {
    update(done, total) {
      const at = now();
      if (done < total && at - last < REDRAW_MS) return;
      last = at;
      shown = true;
      stream.write(`\r\x1b[K${progressLine(done, total, at - start)}`);
    },
    simulating(ran, total) {
      const at = now();
      simulationStart ??= at;
      if (at - last < REDRAW_MS) return;
      last = at;
      shown = true;
      stream.write(`\r\x1b[K${simulationLine(ran, total, at - simulationStart)}`);
    },
    finish() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
