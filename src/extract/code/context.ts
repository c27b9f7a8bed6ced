/**
 * State of the extraction of one file for the tree-sitter extractors of C++, PHP and Hack (language-neutral):
 * the file (imports, aliases, file-level constants and types, gaps, units) and one builder per unit (its steps,
 * slots, local types, the string values of its names, prepared statements and HTTP clients it holds).
 */
import type { AssetBinding, Param, Step, Unit, Value } from '../../facts/schema.js';
import { modelsWithExtras, type ModelsByLanguage } from '../extra-models.js';
import type { Language } from '../../facts/schema.js';
import { loadModels, MODEL_KEYS, ModelIndex, type ClientModel, type LanguageModels, type StatementModel } from '../models.js';
import type { FrameworkNames } from '../framework-units.js';
import { ModelSet } from '../python/context.js';
import type { DialectInfo } from '../sql/dialects.js';
import { FileBuilder } from '../file-builder.js';
import { PreparedStatements } from './prepared.js';

/** The model indexes of a language (`cpp`, `php`, `php+hack`), built once per thread. */
export class CodeModels extends ModelSet {
  readonly statements: ModelIndex<StatementModel>;
  readonly clients: ModelIndex<ClientModel>;

  declare readonly own?: CodeModels;

  constructor(models: LanguageModels, own?: CodeModels) {
    super(models, own);
    this.statements = new ModelIndex(models.statements);
    this.clients = new ModelIndex(models.clients);
  }
}

/**
 * The model indexes of the built-in set of `language` (MODEL_KEYS: `cpp`, `php`, `php+hack`), with the scan's
 * extra models; built once per thread and distinct extra set.
 */
export function codeModels(language: Language, extra?: ModelsByLanguage): CodeModels {
  const key = MODEL_KEYS[language]!;
  return modelsWithExtras(key, language, extra, () => loadModels(key), (models, own) => new CodeModels(models, own ? new CodeModels(own) : undefined));
}

/** Whether a value is string-like (literal text, or text built with values): worth remembering for SQL and URLs. */
function stringLike(value: Value): boolean {
  return value.length === 1 && ('lit' in value[0]! || 'concat' in value[0]!);
}

export class CodeFile extends FileBuilder {
  /** File-level names: the string value they hold (null: not one constant). */
  readonly constants = new Map<string, Value | null>();
  /** File-level names and class properties (`Class.prop`): their declared or inferred type. */
  readonly types = new Map<string, string>();
  /** HTTP clients with a base URL held by class properties (`Class.prop`) or file-level names. */
  readonly clients = new Map<string, string>();
  private readonly importKeys = new Set<string>();
  /** Names the file's calls use for a framework's class (`Auth::user()`: `User`), with the first call's line. */
  readonly frameworkNames: FrameworkNames = new Map();
  /**
   * The classes a text names in full (`App\Entity\Customer` in a query over mapped classes), each with a value for
   * the class, where the language names classes so; set by the language's walker.
   */
  classesNamedIn: ((text: string, line: number) => Array<{ name: string; value: Value }>) | undefined;

  constructor(
    file: string,
    module: string,
    readonly models: CodeModels,
    readonly dialect: DialectInfo,
  ) {
    super(file, module);
  }

  /** Records an import once (local name -> target), keeping source order. */
  addImport(local: string, target: string, line: number): void {
    const key = `${local}\u0000${target}`;
    if (this.importKeys.has(key)) return;
    this.importKeys.add(key);
    this.imports.push({ local, target, line });
  }
}

/** The unit being built: its steps in order, the next slot, local types and string values. */
export class CodeUnit {
  readonly steps: Step[] = [];
  readonly types = new Map<string, string>();
  readonly values = new Map<string, Value | null>();
  /** HTTP clients with a base URL held by local names or receiver paths (`http`, `this.http`). */
  readonly clients = new Map<string, string>();
  readonly prepared = new PreparedStatements(this);
  /** > 0 inside branches and loops: assignments there add to what the target holds. */
  weak = 0;
  private nextSlot = 0;
  private sawDeepExpression = false;

  constructor(
    readonly file: CodeFile,
    readonly name: string,
    readonly kind: Unit['kind'],
    readonly line: number,
    readonly endLine: number,
    readonly params: Param[],
    /** The enclosing unit (class of a method); absent at top level. */
    readonly parent?: string,
    /** For methods: the class whose properties `this.x` reads (`Class.x` in the file maps). */
    readonly className?: string,
  ) {}

  slot(): number {
    return this.nextSlot++;
  }

  get isModule(): boolean {
    return this.kind === 'module';
  }

  typeOf(name: string): string | undefined {
    if (this.types.has(name)) return this.types.get(name);
    return this.file.types.get(name);
  }

  /** The string value a name holds here (a local, or a file-level constant). */
  valueOf(name: string): Value | null {
    const local = this.values.get(name);
    if (local !== undefined) return local;
    return this.file.constants.get(name) ?? null;
  }

  /** The base URL of the HTTP client a name or receiver path holds (`http`, `this.http`). */
  clientOf(key: string): string | undefined {
    const local = this.clients.get(key);
    if (local !== undefined) return local;
    if (key.startsWith('this.') && this.className) return this.file.clients.get(`${this.className}.${key.slice(5)}`);
    return this.file.clients.get(key);
  }

  /** Records what an assignment to a plain name tells: its type and the string value it holds. */
  remember(name: string, type: string | undefined, value: Value | null): void {
    if (type) this.types.set(name, type);
    else this.types.delete(name);
    const previous = this.values.get(name);
    const next = value && stringLike(value) ? value : null;
    // A name reassigned inside a branch no longer holds one value.
    this.values.set(name, this.weak > 0 && previous !== undefined ? null : next);
    if (this.isModule) {
      this.file.constants.set(name, this.values.get(name) ?? null);
      if (type) this.file.types.set(name, type);
    }
  }

  /** `name = value` or `name.path = value`: the assign step (weak in branches and for stores into paths). */
  assign(name: string, path: string[] | undefined, value: Value, line: number): void {
    const target = path && path.length > 0 ? { name, path } : { name };
    const weak = this.weak > 0 || (path !== undefined && path.length > 0);
    this.steps.push(weak ? { op: 'assign', line, target, value, weak: true } : { op: 'assign', line, target, value });
  }

  /** Records once per unit that an expression was too deep to follow exactly. */
  deepExpression(line: number): void {
    if (this.sawDeepExpression) return;
    this.sawDeepExpression = true;
    this.file.gap('deep-expression', line, 'expression nested too deeply to follow; its value is approximated by the names it mentions', 'info');
  }

  finish(extra: { bases?: string[]; decorators?: string[]; asset?: AssetBinding; virtuals?: string[] } = {}): Unit {
    this.prepared.flush(this.endLine);
    const unit: Unit = { name: this.name, kind: this.kind, line: this.line, endLine: this.endLine, steps: this.steps };
    if (this.params.length > 0) unit.params = this.params;
    if (this.parent) unit.parent = this.parent;
    if (extra.bases && extra.bases.length > 0) unit.bases = extra.bases;
    if (extra.decorators && extra.decorators.length > 0) unit.decorators = extra.decorators;
    if (extra.asset) unit.asset = extra.asset;
    if (extra.virtuals) unit.virtuals = extra.virtuals;
    return unit;
  }
}
