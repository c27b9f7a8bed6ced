/**
 * Where a scan's time goes: the phases in the order they ran, each with its wall-clock time and the CPU time of
 * this thread's process (workers included, so CPU above wall time means threads worked in parallel). Printed
 * on stderr by `--timings`; never part of a report, which must not depend on the clock.
 */
export interface PhaseTiming {
  phase: string;
  /** Wall-clock seconds. */
  wall: number;
  /** CPU seconds of the process, all threads. */
  cpu: number;
}

export class PhaseTimer {
  readonly phases: PhaseTiming[] = [];
  private wallStart = performance.now();
  private cpuStart = process.cpuUsage();

  /** Ends the running phase under `phase` and starts the next one. */
  mark(phase: string): void {
    const now = performance.now();
    const cpu = process.cpuUsage(this.cpuStart);
    this.phases.push({ phase, wall: (now - this.wallStart) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
    this.wallStart = now;
    this.cpuStart = process.cpuUsage();
  }

  /** A small table: phase, wall seconds, share of the total, CPU seconds. */
  format(): string {
    const total = this.phases.reduce((sum, p) => sum + p.wall, 0);
    const cpuTotal = this.phases.reduce((sum, p) => sum + p.cpu, 0);
    const width = Math.max(5, ...this.phases.map((p) => p.phase.length));
    const row = (phase: string, wall: number, cpu: number) =>
      `${phase.padEnd(width)}  ${wall.toFixed(2).padStart(8)} s  ${(total > 0 ? (wall / total) * 100 : 0).toFixed(1).padStart(5)}%  ${cpu.toFixed(2).padStart(8)} s`;
    return [
      `${'phase'.padEnd(width)}  ${'wall'.padStart(10)}  ${'share'.padStart(6)}  ${'cpu'.padStart(10)}`,
      ...this.phases.map((p) => row(p.phase, p.wall, p.cpu)),
      row('total', total, cpuTotal),
    ].join('\n') + '\n';
  }
}
