/**
 * What every code extractor collects for one file, whatever the language: gaps, units, imports and the local
 * names imports stand for, plus unit names made unique within the file.
 */
import type { Gap, Import, Unit } from '../facts/schema.js';

export class FileBuilder {
  readonly gaps: Gap[] = [];
  readonly units: Unit[] = [];
  readonly imports: Import[] = [];
  /** Local name -> dotted name it stands for (imports, `using`, `use`), for callee names. */
  readonly aliases = new Map<string, string>();
  private readonly unitNames = new Map<string, number>();

  constructor(readonly file: string, readonly module: string) {}

  gap(kind: string, line: number, detail: string, severity: Gap['severity'] = 'warning'): void {
    this.gaps.push({ kind, file: this.file, line, detail, severity });
  }

  /** A unit name unique in the file: a second `f` becomes `f@<line>`. */
  uniqueUnitName(name: string, line: number): string {
    const seen = this.unitNames.get(name) ?? 0;
    this.unitNames.set(name, seen + 1);
    return seen === 0 ? name : `${name}@${line}`;
  }
}
