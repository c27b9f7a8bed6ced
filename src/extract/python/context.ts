/**
 * State of the extraction of one Python file: the file-wide context (import aliases, model indexes, module-level
 * names) and one builder per unit (its steps, slots, local types and string constants).
 */
import type { ClassBody } from './orm.js';
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { AssetBinding, Param, Step, Unit, Value } from '../../facts/schema.js';
import { modelsWithExtras, type ModelsByLanguage } from '../extra-models.js';
import { FileBuilder } from '../file-builder.js';
import { SCOPE_MARK } from '../../facts/values.js';
import {
  loadModels, MODEL_KEYS, ModelIndex, type ArgText, type BoundModel, type DeferredModel, type PartialModel, type IndexedModel, type RouteModel, type LanguageModels, type OpenModel, type PathEditModel, type CallbackModel, type PropagateModel, type TableModel, type ReadModel, type SinkModel,
  type SqlCallModel, type TransformModel, type WriteModel, type FrameworkClassModel,
} from '../models.js';
import type { DbtContext } from '../sql/dbt.js';
import type { DialectInfo } from '../sql/dialects.js';
import { dbtPythonModel, type DbtPythonModel } from './dbt-model.js';
import type { Template, TemplateScope } from './strings.js';
import { wrappedParts } from './wrappers.js';
import type { FrameworkNames } from '../framework-units.js';

export interface PythonExtractContext {
  dialect: DialectInfo;
  /** The scan root's own package name, when the root is a Python package (root-package.ts). */
  rootPackage?: string;
  /** Library models the scan adds (the manifest's), by language. */
  models?: ModelsByLanguage;
  /** The scan's dbt projects: a `.py` file in their model folders is a dbt Python model. */
  dbt?: DbtContext;
}

/** What the models say of one call: the first match of each kind, in the order the extractor tries them. */
export interface CallModels {
  sql?: SqlCallModel;
  sink?: SinkModel;
  write?: WriteModel;
  read?: ReadModel;
  open?: OpenModel;
  table?: TableModel;
  source?: LanguageModels['sources'][number];
  transform?: TransformModel;
  mask?: LanguageModels['masks'][number];
  join?: LanguageModels['joins'][number];
  pathEdit?: PathEditModel;
  serialiser?: LanguageModels['serialisers'][number];
  projection?: LanguageModels['projections'][number];
  key?: LanguageModels['keys'][number];
  propagate?: PropagateModel;
}

/** The model indexes of a language, built once per thread. */
export class ModelSet {
  private readonly calls = new Map<string, CallModels>();

  /**
   * As `classify`, with the models that have argument conditions (`when`) checked against the call's arguments
   * (`.option("dbtable", name)`): only for calls such a model could match.
   */
  classifyCall(names: readonly string[], receiver: string | undefined, argText: (position: number) => ArgText | undefined): CallModels {
    const found = this.classify(names, receiver);
    // A call the scan's own models match is what they say.
    if (this.own && Object.keys(this.own.classify(names, receiver)).length > 0) return found;
    let refined: CallModels | undefined;
    for (const kind of ['sink', 'write', 'read'] as const) {
      const index = kind === 'sink' ? this.sinks : kind === 'write' ? this.writes : this.reads;
      if (!index.conditionalFor(names)) continue;
      const model = index.search(names, receiver, argText);
      if (model && model !== found[kind]) (refined ??= { ...found })[kind] = model as never;
    }
    return refined ?? found;
  }

  /**
   * Every kind of model matching a call, looked up once per call name and receiver. A call the scan's own models
   * (`own`) match is what they say: the built-in models are not consulted for it.
   */
  classify(names: readonly string[], receiver: string | undefined): CallModels {
    const key = receiver === undefined ? names.join('\u0000') : `${names.join('\u0000')}\u0001${receiver}`;
    let found = this.calls.get(key);
    if (!found && this.own) {
      const own = this.own.classify(names, receiver);
      if (Object.keys(own).length > 0) this.calls.set(key, (found = own));
    }
    if (!found) {
      found = {};
      const set = <K extends keyof CallModels>(kind: K, model: CallModels[K] | undefined) => {
        if (model) found![kind] = model;
      };
      set('sql', this.sql.search(names, receiver));
      set('sink', this.sinks.search(names, receiver));
      set('write', this.writes.search(names, receiver));
      set('read', this.reads.search(names, receiver));
      set('open', this.opens.search(names, receiver));
      set('table', this.tables.search(names, receiver));
      set('source', this.sources.search(names, receiver));
      set('transform', this.transforms.search(names, receiver));
      set('mask', this.masks.search(names, receiver));
      set('join', this.joins.search(names, receiver));
      set('pathEdit', this.pathCalls.search(names, receiver));
      set('serialiser', this.serialisers.search(names, receiver));
      set('projection', this.projections.search(names, receiver));
      set('key', this.keys.search(names, receiver));
      set('propagate', this.propagate.search(names, receiver));
      if (this.calls.size > 100_000) this.calls.clear();
      this.calls.set(key, found);
    }
    return found;
  }

  readonly sql: ModelIndex<SqlCallModel>;
  readonly sqlWrappers: ModelIndex<{ call: string; arg: number; separator?: string }>;
  readonly sinks: ModelIndex<SinkModel>;
  readonly writes: ModelIndex<WriteModel>;
  readonly reads: ModelIndex<ReadModel>;
  readonly opens: ModelIndex<OpenModel>;
  readonly tables: ModelIndex<TableModel>;
  readonly sources: ModelIndex<LanguageModels['sources'][number]>;
  readonly transforms: ModelIndex<TransformModel>;
  readonly masks: ModelIndex<LanguageModels['masks'][number]>;
  readonly joins: ModelIndex<LanguageModels['joins'][number]>;
  readonly pathCalls: ModelIndex<PathEditModel>;
  /** Calls given closures (lambdas): the types of their parameters (PHP), or the collection whose elements they run with. */
  readonly callbacks: ModelIndex<CallbackModel>;
  /** Path edits read as attributes (`pathlib.Path.parent`), and those attributes' last names. */
  readonly pathAttributes: ModelIndex<PathEditModel>;
  readonly pathAttributeNames: ReadonlySet<string>;
  readonly serialisers: ModelIndex<LanguageModels['serialisers'][number]>;
  readonly projections: ModelIndex<LanguageModels['projections'][number]>;
  readonly keys: ModelIndex<LanguageModels['keys'][number]>;
  readonly propagate: ModelIndex<PropagateModel>;
  readonly indexed: ModelIndex<IndexedModel>;
  readonly deferred: ModelIndex<DeferredModel>;
  readonly bound: ModelIndex<BoundModel>;
  readonly partials: ModelIndex<PartialModel>;
  readonly routes: ModelIndex<RouteModel>;
  readonly types: ModelIndex<LanguageModels['types'][number]>;
  readonly stores: ModelIndex<{ call: string; kind: string }>;
  readonly orm: LanguageModels['orm'];
  readonly serialiserClasses: LanguageModels['serialiserClasses'];
  readonly schemaClasses: LanguageModels['schemaClasses'];
  readonly viewClasses: LanguageModels['viewClasses'];
  readonly recordClasses: LanguageModels['recordClasses'];
  /** Class methods of record classes that build an object from another (`model_validate`). */
  readonly recordBuilders: ReadonlySet<string>;
  /** Framework classes by the dotted name a program imports them by, and the calls that return them. */
  readonly frameworkClasses: ReadonlyMap<string, FrameworkClassModel>;
  readonly frameworkCalls: ModelIndex<{ call: string; model: FrameworkClassModel }>;
  readonly frameworkByTable: ReadonlyMap<string, FrameworkClassModel>;
  /** Framework classes with getters, which a program's class extending one of them inherits (see inheritedGetters). */
  readonly frameworkGetters: readonly FrameworkClassModel[];
  /** Serialisers an attribute stands for (`__dict__`: `vars`), by the attribute. */
  readonly serialiserAttributes: ReadonlyMap<string, LanguageModels['serialisers'][number]>;
  /** Framework classes by an attribute whose value is one of their objects (`request.user`), and those attributes' last names. */
  readonly frameworkAttributes: ReadonlyMap<string, FrameworkClassModel>;
  readonly frameworkAttributeNames: ReadonlySet<string>;

  /** Decorators that make a method an attribute read (`@property`). */
  readonly accessors: LanguageModels['accessors'];
  /** Decorators that register a function whose result a library gives under a name (`@login_manager.user_loader`). */
  readonly providers: LanguageModels['providers'];
  /** Parameter defaults by which a framework passes what a function returns (`Depends(get_current_user)`). */
  readonly injections: ModelIndex<LanguageModels['injections'][number]>;

  /** `own`: the scan's extra models alone (also merged ahead of the built-in ones in `models`). */
  constructor(models: LanguageModels, readonly own?: ModelSet) {
    this.sql = new ModelIndex(models.sql);
    this.sqlWrappers = new ModelIndex(models.sqlWrappers);
    this.sinks = new ModelIndex(models.sinks);
    this.writes = new ModelIndex(models.writes);
    this.reads = new ModelIndex(models.reads);
    this.opens = new ModelIndex(models.opens);
    this.tables = new ModelIndex(models.tables);
    this.sources = new ModelIndex(models.sources);
    this.transforms = new ModelIndex(models.transforms);
    this.masks = new ModelIndex(models.masks);
    this.joins = new ModelIndex(models.joins);
    this.pathCalls = new ModelIndex(models.pathEdits.filter((model) => !model.attribute));
    this.callbacks = new ModelIndex(models.callbacks);
    this.pathAttributes = new ModelIndex(models.pathEdits.filter((model) => model.attribute));
    this.pathAttributeNames = new Set(models.pathEdits.filter((model) => model.attribute).map((model) => model.call.slice(model.call.lastIndexOf('.') + 1)));
    this.serialisers = new ModelIndex(models.serialisers);
    this.projections = new ModelIndex(models.projections);
    this.keys = new ModelIndex(models.keys);
    this.propagate = new ModelIndex(models.propagate);
    this.indexed = new ModelIndex(models.indexed);
    this.deferred = new ModelIndex(models.deferred);
    this.bound = new ModelIndex(models.bound);
    this.partials = new ModelIndex(models.partials);
    this.routes = new ModelIndex(models.routes);
    this.types = new ModelIndex(models.types);
    this.stores = new ModelIndex(models.stores.map((s) => ({ call: s.type, kind: s.kind })));
    this.orm = models.orm;
    this.serialiserClasses = models.serialiserClasses;
    this.schemaClasses = models.schemaClasses;
    this.viewClasses = models.viewClasses;
    this.recordClasses = models.recordClasses;
    this.recordBuilders = new Set(models.recordClasses.flatMap((model) => model.builders));
    this.accessors = models.accessors;
    this.providers = models.providers;
    this.injections = new ModelIndex(models.injections);
    this.frameworkClasses = new Map(models.frameworkClasses.flatMap((model) => model.class.map((name) => [name, model] as const)));
    this.frameworkAttributes = new Map(models.frameworkClasses.flatMap((model) => (model.attributes?.names ?? []).map((name) => [name, model] as const)));
    this.frameworkAttributeNames = new Set([...this.frameworkAttributes.keys()].map((name) => name.slice(name.lastIndexOf('.') + 1)));
    this.serialiserAttributes = new Map(models.serialisers.flatMap((model) => (model.attribute !== undefined ? [[model.attribute, model] as const] : [])));
    this.frameworkByTable = new Map(models.frameworkClasses.map((model) => [model.table, model] as const));
    this.frameworkGetters = models.frameworkClasses.filter((model) => model.getters !== undefined);
    this.frameworkCalls = new ModelIndex(models.frameworkClasses.flatMap((model) => model.calls.map((call) => ({ call, model }))));
  }
}

/** The Python model indexes with the scan's extra models, built once per thread and distinct extra set. */
export function pythonModels(extra?: ModelsByLanguage): ModelSet {
  const key = MODEL_KEYS.python!;
  return modelsWithExtras(key, 'python', extra, () => loadModels(key), (models, own) => new ModelSet(models, own ? new ModelSet(own) : undefined));
}

/** What the extractor knows of a name at module level. */
export interface ModuleName {
  /** The type of the value (a class or a modelled result type): `logging.Logger`. */
  type?: string;
  /** A string constant it holds. */
  template?: Template | null;
  /** The list of texts it holds, as written (`STEPS = ["DELETE ...", "INSERT ..."]`). */
  list?: Node | null;
  /** The call that made it a function with arguments bound (`functools.partial(log.warning, "user %s")`). */
  partial?: Node | null;
}

export class FileContext extends FileBuilder {
  /** Module-level names: types and string constants. */
  readonly moduleNames = new Map<string, ModuleName>();
  /** Classes and functions defined at module level. */
  readonly definitions = new Set<string>();
  /** Classes of this file an ORM model's bases map (abstract ones too), so their subclasses here are mapped too. */
  readonly ormClasses = new Map<string, LanguageModels['orm'][number]>();
  /** Record classes of this file (a dataclass, a pydantic model), so their subclasses here are ones too. */
  readonly recordClasses = new Map<string, LanguageModels['recordClasses'][number]>();
  /** Schema classes of the file (`schemaClasses` models), by class name: the model and the body with its bases'. */
  readonly schemaBodies = new Map<string, { model: LanguageModels['schemaClasses'][number]; body: ClassBody }>();
  /** The annotated attributes of the file's classes, their bases' of this file first, by class name. */
  readonly classAnnotations = new Map<string, ClassBody['annotated']>();
  readonly models: ModelSet;
  /** Names the file's calls use for a framework's class (`get_user_model()`: `User`), with the first call's line. */
  readonly frameworkNames: FrameworkNames = new Map();
  /** Set when the file is a dbt Python model. */
  readonly dbtModel: DbtPythonModel | undefined;

  constructor(
    file: string,
    module: string,
    readonly packageName: string,
    readonly context: PythonExtractContext,
  ) {
    super(file, module);
    this.models = pythonModels(context.models);
    this.dbtModel = dbtPythonModel(context.dbt, file);
  }

  /** A dotted name with its first segment resolved through the imports. */
  resolveDotted(name: string): string {
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const alias = this.aliases.get(head);
    if (!alias) return name;
    return dot < 0 ? alias : alias + name.slice(dot);
  }
}

/** The unit being built: its steps in order, the next slot, local types and string constants. */
export class UnitBuilder {
  readonly steps: Step[] = [];
  /** Local name -> type of its value (`logging.Logger`, `etl.db.connect`). */
  readonly types = new Map<string, string>();
  /** Local name -> string template it holds (null: assigned something else since). */
  readonly templates = new Map<string, Template | null>();
  /** Local name -> the list of texts it holds, as written (null: assigned something else since). */
  readonly lists = new Map<string, Node | null>();
  /** Local name -> the partial call it holds (null: assigned something else since). */
  readonly partials = new Map<string, Node | null>();
  /** > 0 inside branches and loops: assignments there add to what the target holds. */
  weak = 0;
  /** Attributes the unit has bound to a framework's object (`request.user`), see framework-classes.ts. */
  readonly frameworkObjects = new Set<string>();
  /** For the next lambda met: the element of a collection its parameter at `at` holds (`map(lambda r: ..., rows)`). */
  lambdaElement: { value: Value; at: number } | undefined;
  private nextSlot = 0;
  private sawDeepExpression = false;
  /** Variables of the comprehensions being built -> their names in the IR (see `local`). */
  private readonly scoped = new Map<string, string>();
  private comprehensions = 0;
  private scope: TemplateScope | undefined;

  constructor(
    readonly file: FileContext,
    readonly name: string,
    readonly kind: Unit['kind'],
    readonly node: Node,
    readonly params: Param[],
    /** For methods: the class they belong to. */
    readonly className: string | undefined,
    readonly parent: string | undefined,
  ) {}

  slot(): number {
    return this.nextSlot++;
  }

  /**
   * The IR name of a local name as written. A comprehension's variables have the comprehension as their scope
   * (`[e for email in rows]` leaves the function's `email` alone), so inside it they are `email#c1`: a scope mark
   * the simulator shows and classifies without (src/facts/values.ts, `shownName`).
   */
  local(name: string): string {
    return this.scoped.get(name) ?? name;
  }

  /** Opens a comprehension's scope: `bind` gives a variable its own name until `close`. */
  comprehensionScope(): { bind(name: string): void; close(): void } {
    const id = ++this.comprehensions;
    const saved: Array<[string, string | undefined]> = [];
    return {
      bind: (name) => {
        saved.push([name, this.scoped.get(name)]);
        this.scoped.set(name, `${name}${SCOPE_MARK}c${id}`);
      },
      close: () => {
        for (const [name, previous] of saved.reverse()) {
          if (previous === undefined) this.scoped.delete(name);
          else this.scoped.set(name, previous);
        }
      },
    };
  }

  /** The store model for assignments into `name` (or `name.first`), with the type it matched. */
  storeSink(name: string, first: string | undefined): { kind: string; type: string } | undefined {
    const type = this.typeOf(name) ?? this.file.aliases.get(name);
    const candidates: string[] = [];
    if (type) candidates.push(type);
    if (first !== undefined) {
      if (type) candidates.push(`${type}.${first}`);
      candidates.push(`${name}.${first}`);
    }
    for (const candidate of candidates) {
      const model = this.file.models.stores.find([candidate], undefined);
      if (model) return { kind: model.kind, type: candidate };
    }
    return undefined;
  }

  /** Records once per unit that an expression was too deep to follow exactly. */
  deepExpression(node: Node): void {
    if (this.sawDeepExpression) return;
    this.sawDeepExpression = true;
    this.file.gap('deep-expression', node.startPosition.row + 1,
      'expression nested too deeply to follow; its value is approximated by the names it mentions', 'info');
  }

  typeOf(name: string): string | undefined {
    return this.types.get(name) ?? (this.kind === 'module' ? undefined : this.file.moduleNames.get(name)?.type);
  }

  /** What templates built in this unit look up: its string constants and the models' wrapping calls. */
  get templateScope(): TemplateScope {
    return (this.scope ??= { constant: (name) => this.templateOf(name), wrapped: (call) => wrappedParts(this, call) });
  }

  templateOf(name: string): Template | null {
    const local = this.templates.get(name);
    if (local !== undefined) return local;
    return this.file.moduleNames.get(name)?.template ?? null;
  }

  /** The list of texts a name holds, as written (`sql=STEPS` of an operator that runs each in turn). */
  listOf(name: string): Node | null {
    const local = this.lists.get(name);
    if (local !== undefined || this.templates.has(name)) return local ?? null;
    return this.file.moduleNames.get(name)?.list ?? null;
  }

  /** The partial call a name holds (`warn = functools.partial(log.warning, ...)`), as written. */
  partialOf(name: string): Node | null {
    const local = this.partials.get(name);
    if (local !== undefined || this.templates.has(name)) return local ?? null;
    return this.file.moduleNames.get(name)?.partial ?? null;
  }

  /**
   * Records what an assignment `name = node` tells about the name's type and string constant (or list of texts, or
   * partial call).
   */
  remember(name: string, type: string | undefined, template: Template | null | undefined, list?: Node, partial?: Node): void {
    const moduleLevel = this.kind === 'module';
    // Like a list, a partial assigned in a branch or loop may be one of several.
    this.partials.set(name, !partial || (this.weak > 0 && this.partials.get(name) !== undefined) ? null : partial);
    // A list assigned again inside a branch or loop is no longer one list (as for string constants).
    this.lists.set(name, !list || (this.weak > 0 && this.lists.get(name) !== undefined) ? null : list);
    if (type) this.types.set(name, type);
    else this.types.delete(name);
    const previous = this.templates.get(name);
    // A constant reassigned inside a branch is no longer one value.
    const value = template ?? null;
    this.templates.set(name, this.weak > 0 && previous !== undefined ? null : value);
    if (moduleLevel) {
      const entry = this.file.moduleNames.get(name) ?? {};
      entry.type = type;
      entry.template = this.templates.get(name) ?? null;
      entry.list = this.lists.get(name) ?? null;
      entry.partial = this.partials.get(name) ?? null;
      this.file.moduleNames.set(name, entry);
    }
  }

  finish(extra: { bases?: string[]; decorators?: string[]; asset?: AssetBinding; fields?: string[]; record?: true; accessor?: true; setter?: true; provides?: string[] }): Unit {
    const unit: Unit = {
      name: this.name,
      kind: this.kind,
      line: this.node.startPosition.row + 1,
      endLine: this.node.endPosition.row + 1,
      steps: this.steps,
    };
    if (this.params.length > 0) unit.params = this.params;
    if (this.parent) unit.parent = this.parent;
    if (extra.bases && extra.bases.length > 0) unit.bases = extra.bases;
    if (extra.decorators && extra.decorators.length > 0) unit.decorators = extra.decorators;
    if (extra.asset) unit.asset = extra.asset;
    if (extra.fields) unit.fields = extra.fields;
    if (extra.record) unit.record = extra.record;
    if (extra.accessor) unit.accessor = extra.accessor;
    if (extra.setter) unit.setter = extra.setter;
    if (extra.provides && extra.provides.length > 0) unit.provides = extra.provides;
    return unit;
  }
}
