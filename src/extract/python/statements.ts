/**
 * Python statements -> the ordered steps of units. One walk per file: the module body is walked first (so module
 * names are known), function bodies are queued and walked after it, class bodies where they stand. The walk
 * over nested blocks uses an explicit stack, so deeply nested code cannot overflow the call stack.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { Param, Step, Value } from '../../facts/schema.js';
import { unionValues } from '../../facts/values.js';
import { calleeNames, describeCallee, typeOfExpression } from './callees.js';
import { argNode, argumentNodes } from './arguments.js';
import { calleePart, partialCall } from './calls.js';
import { matchesCall, type RouteModel } from '../models.js';
import { FileContext, UnitBuilder } from './context.js';
import { evaluate } from './expressions.js';
import { recordImport } from './imports.js';
import { literalNames, serialiserMethods } from './serialiser-classes.js';
import { viewClassMethods } from './view-classes.js';
import { schemaMethods } from './schema-classes.js';
import { ormBinding, readBody, unwrappedType, type ClassBody } from './orm.js';
import { recordFields } from './record-classes.js';
import { isModelFunction } from './dbt-model.js';
import { kind, namedOf } from './nodes.js';
import { templateOf, type Template } from './strings.js';
import { bindTarget, loopElement, targetPath } from './targets.js';
import { inheritedGetters } from '../framework-units.js';

interface PendingFunction {
  node: Node;
  name: string;
  className: string | undefined;
  parent: string;
  decorators: string[];
  /** A request handler (a `routes` model matched a decorator): what it returns is sent. */
  route?: Route;
  /** A bound task (a `bound` model matched a decorator): its first parameter is the task itself. */
  bound?: boolean;
}

interface Route {
  kind: string;
  callee: string;
  /** The class the response shows the result as (`response_model=UserOut`). */
  shownAs?: ShownAs;
  /** With no such keyword: how the handler's return annotation names that class. */
  annotation?: ResponseShows;
  /** The fields of that class the decorator keeps or leaves out (`response_model_exclude={"email"}`). */
  form?: Pick<ShownAs, 'visible' | 'hidden'>;
}

type ShownAs = NonNullable<Extract<Step, { op: 'sink' }>['shownAs']>;
type ResponseShows = NonNullable<RouteModel['shows']>;

/**
 * The class a type written as text names, and whether it is a list of them (`List[schemas.UserOut]`,
 * `Optional[UserOut]`, `UserOut | None`): a dotted name whose last part is capitalised, as classes are.
 */
function shownClass(type: string, shows: ResponseShows): ShownAs | undefined {
  const found = unwrappedType(type, shows.unwrap, shows.many);
  if (!found) return undefined;
  const [ref, ...path] = found.name.split('.');
  if (!/^[A-Z]/.test(path[path.length - 1] ?? ref!)) return undefined;
  return { class: path.length > 0 ? { ref: ref!, path } : { ref: ref! }, ...(found.many ? { many: true as const } : {}) };
}

/** A route decorator's keyword argument, by name (`response_model=UserOut`). */
function decoratorKeyword(decorator: Node, kwarg: string | undefined): Node | undefined {
  const expression: Node | null = decorator.namedChildren[0] ?? null;
  if (expression?.type !== 'call' || kwarg === undefined) return undefined;
  return argumentNodes(expression.childForFieldName('arguments')).keywords.get(kwarg);
}

/**
 * The response class a route decorator's keyword names, with the fields its other keywords keep or leave out; null
 * when it says there is none (`response_model=None`).
 */
function decoratorShows(decorator: Node, shows: ResponseShows): ShownAs | null | undefined {
  const value = decoratorKeyword(decorator, shows.kwarg)?.text;
  if (value === undefined) return undefined;
  return value === 'None' ? null : shownClass(value, shows);
}

/** The fields a route decorator keeps and leaves out of the response (`response_model_exclude={"email"}`). */
function decoratorForm(decorator: Node, shows: ResponseShows): Pick<ShownAs, 'visible' | 'hidden'> {
  const visible = literalNames(decoratorKeyword(decorator, shows.include));
  const hidden = literalNames(decoratorKeyword(decorator, shows.exclude));
  return { ...(visible ? { visible } : {}), ...(hidden ? { hidden } : {}) };
}

interface Block {
  nodes: Node[];
  weak: boolean;
}

/** Class nesting beyond this is walked for its calls but not given units of its own. */
const MAX_CLASS_NESTING = 32;

const named = namedOf;

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** A parameter default the simulator can use: literals and names, never calls. */
function simpleDefault(node: Node | null): Value | undefined {
  if (!node) return undefined;
  const template = templateOf(node);
  if (template && template.pieces.every((p) => 'text' in p)) return [{ lit: template.pieces.map((p) => ('text' in p ? p.text : '')).join('') }];
  if (node.type === 'integer' || node.type === 'float') return [{ lit: node.text }];
  if (node.type === 'identifier') return [{ ref: node.text }];
  return undefined;
}

function parameters(node: Node | null): Param[] {
  const params: Param[] = [];
  let keywordOnly = false;
  for (const child of named(node)) {
    switch (child.type) {
      case 'identifier':
        params.push(keywordOnly ? { name: child.text, kind: 'keyword' } : { name: child.text });
        break;
      case 'typed_parameter': {
        const inner = child.namedChildren[0];
        if (inner?.type === 'identifier') params.push(keywordOnly ? { name: inner.text, kind: 'keyword' } : { name: inner.text });
        else if (inner?.type === 'list_splat_pattern') {
          params.push({ name: inner.namedChildren[0]?.text ?? 'args', kind: 'varargs' });
          keywordOnly = true;
        } else if (inner?.type === 'dictionary_splat_pattern') params.push({ name: inner.namedChildren[0]?.text ?? 'kwargs', kind: 'kwargs' });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = child.childForFieldName('name')?.text;
        if (!name) break;
        const value = simpleDefault(child.childForFieldName('value'));
        const param: Param = keywordOnly ? { name, kind: 'keyword' } : { name };
        if (value) param.default = value;
        params.push(param);
        break;
      }
      case 'list_splat_pattern':
        params.push({ name: child.namedChildren[0]?.text ?? 'args', kind: 'varargs' });
        keywordOnly = true;
        break;
      case 'dictionary_splat_pattern':
        params.push({ name: child.namedChildren[0]?.text ?? 'kwargs', kind: 'kwargs' });
        break;
      case 'keyword_separator':
        keywordOnly = true;
        break;
      default:
        break;
    }
  }
  return params;
}

/**
 * Parameters annotated with an imported class (`producer: AIOKafkaProducer`, `conn: Optional[psycopg2.extensions.
 * connection]`) have its name as their type, as a variable assigned from a call of it does: models name calls
 * through it (`aiokafka.AIOKafkaProducer.send_and_wait`).
 */
function annotatedTypes(file: FileContext, node: Node | null): Array<[string, string]> {
  const types: Array<[string, string]> = [];
  for (const child of named(node)) {
    if (child.type !== 'typed_parameter' && child.type !== 'typed_default_parameter') continue;
    const name = child.type === 'typed_parameter' ? child.namedChildren[0] : child.childForFieldName('name');
    const type = importedClass(file, child.childForFieldName('type')?.namedChildren[0] ?? null);
    if (name?.type === 'identifier' && type) types.push([name.text, type]);
  }
  return types;
}

/** `Foo`, `mod.Foo`, `Optional[Foo]` or `Foo | None` where `Foo` is imported: its full name. */
function importedClass(file: FileContext, node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'attribute') {
    const text = node.text;
    const head = text.split('.', 1)[0]!;
    return file.aliases.has(head) && /^[\w.]+$/.test(text) ? file.resolveDotted(text) : undefined;
  }
  // `Optional[Foo]`
  if (node.type === 'generic_type' || node.type === 'subscript') {
    const base = node.namedChildren[0];
    const args = node.namedChildren.slice(1).flatMap((n) => (n?.type === 'type_parameter' ? n.namedChildren : [n]));
    if (base && /^(typing\.)?Optional$/.test(base.text) && args.length === 1) return importedClass(file, args[0]?.type === 'type' ? args[0].namedChildren[0] ?? null : args[0] ?? null);
    return undefined;
  }
  // `Foo | None`
  if (node.type === 'binary_operator') {
    const [left, right] = [node.childForFieldName('left'), node.childForFieldName('right')];
    if (right?.text === 'None') return importedClass(file, left);
    if (left?.text === 'None') return importedClass(file, right);
  }
  return undefined;
}

/** The first decorator a `routes` model knows (`@app.get("/users/{id}")` on a FastAPI app), as a sink. */
function routeOf(b: UnitBuilder, decorators: readonly Node[]): Route | undefined {
  for (const decorator of decorators) {
    const expression = decoratorExpression(decorator);
    if (!expression) continue;
    const callee = describeCallee(b, expression);
    const names = calleeNames(callee);
    const model = b.file.models.routes.find(names, callee.receiverName);
    if (!model) continue;
    const route: Route = { kind: model.kind, callee: names.find((name) => matchesCall(model.call, name)) ?? names[0]! };
    const shows = model.shows ? decoratorShows(decorator, model.shows) : undefined;
    if (shows) route.shownAs = shows;
    else if (shows === undefined && model.shows?.annotation) route.annotation = model.shows;
    if (model.shows) route.form = decoratorForm(decorator, model.shows);
    return route;
  }
  return undefined;
}

/** Whether a decorator makes the function a bound task (`@shared_task(bind=True)`): a `bound` model, its keyword true. */
function boundBy(b: UnitBuilder, decorators: readonly Node[]): boolean {
  for (const decorator of decorators) {
    const expression: Node | null = decorator.namedChildren[0] ?? null;
    if (expression?.type !== 'call') continue;
    const fn = expression.childForFieldName('function');
    const model = fn ? b.file.models.bound.find(calleeNames(describeCallee(b, fn)), undefined) : undefined;
    if (!model) continue;
    if (decoratorKeyword(decorator, model.kwarg)?.text === 'True') return true;
  }
  return false;
}

/**
 * Each `return` of a request handler also sends its value: a sink step right before it, as the response shows it
 * (the decorator's response class, else the one the return annotation names).
 */
function sendReturns(b: UnitBuilder, route: Route, returnType: Node | null): void {
  const shown = route.shownAs ?? (route.annotation && returnType ? shownClass(returnType.text, route.annotation) : undefined);
  const shownAs = shown ? { ...shown, ...route.form } : undefined;
  const steps = b.steps.splice(0);
  for (const step of steps) {
    if (step.op === 'return' && step.value.length > 0) {
      b.steps.push({ op: 'sink', line: step.line, kind: route.kind, callee: route.callee, value: step.value, ...(shownAs ? { shownAs } : {}) });
    }
    b.steps.push(step);
  }
}

/** What a decorator names: `app.route` of `@app.route("/x")`. */
function decoratorExpression(decorator: Node): Node | null {
  const expression: Node | null = decorator.namedChildren[0] ?? null;
  return expression?.type === 'call' ? expression.childForFieldName('function') : expression;
}

/** The dotted name of a decorator (`app.route` for `@app.route("/x")`). */
function decoratorName(b: UnitBuilder, decorator: Node): string | undefined {
  const expression = decoratorExpression(decorator);
  return expression ? describeCallee(b, expression).written : undefined;
}

/**
 * Parameters a framework fills with what a function returns (`user: User = Depends(get_current_user)`, or
 * `Annotated[User, Depends(get_current_user)]`): each is assigned, at the function's start, the result of calling
 * that function, as an `injections` model says.
 */
function injectParameters(b: UnitBuilder, parameters: Node | null): void {
  for (const parameter of named(parameters)) {
    const name = parameter.childForFieldName('name')?.text ?? (parameter.type === 'typed_parameter' ? parameter.namedChildren[0]?.text : undefined);
    if (!name) continue;
    const candidates = [parameter.childForFieldName('value'), ...annotationCalls(parameter.childForFieldName('type'))];
    for (const call of candidates) {
      if (call?.type !== 'call') continue;
      const fn = call.childForFieldName('function');
      const model = fn ? b.file.models.injections.find(calleeNames(describeCallee(b, fn)), undefined) : undefined;
      const dependency = model ? argNode(argumentNodes(call.childForFieldName('arguments')), model.fn) : undefined;
      const part = dependency ? calleePart(b, dependency, []) : undefined;
      if (!part) continue;
      const slot = b.slot();
      const line = lineOf(parameter);
      b.steps.push({ op: 'call', line, slot, callee: describeCallee(b, dependency!).written, fn: part, args: [] });
      b.steps.push({ op: 'assign', line, target: { name }, value: [{ slot }] });
      break;
    }
  }
}

/** The calls among a type annotation's metadata (`Annotated[User, Depends(get_current_user)]`). */
function annotationCalls(type: Node | null): Node[] {
  const out: Node[] = [];
  const stack = type ? [type] : [];
  for (let guard = 0; stack.length > 0 && guard < 64; guard++) {
    const node = stack.pop()!;
    if (node.type === 'call') out.push(node);
    else for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return out;
}

/** The annotated attributes of a class's bases defined earlier in the file (theirs with their own bases'), in order. */
function inheritedAnnotations(ctx: FileContext, bases: readonly string[]): ClassBody['annotated'] {
  const out: ClassBody['annotated'] = new Map();
  for (const base of bases) for (const [name, annotation] of ctx.classAnnotations.get(base) ?? []) if (!out.has(name)) out.set(name, annotation);
  return out;
}

export class PythonWalker {
  private readonly pending: PendingFunction[] = [];

  constructor(private readonly ctx: FileContext) {}

  walkModule(root: Node): void {
    const module = new UnitBuilder(this.ctx, '<module>', 'module', root, [], undefined, undefined);
    this.walkBody(module, named(root));
    this.ctx.units.push(module.finish({}));
    // Function bodies run later than the module body: walk them once every module name is known.
    for (let i = 0; i < this.pending.length; i++) this.walkFunction(this.pending[i]!);
  }

  private walkFunction(fn: PendingFunction): void {
    const kind = fn.className && fn.parent === fn.className ? 'method' : 'function';
    // A bound task's first parameter is the task itself, which no caller passes.
    const params = parameters(fn.node.childForFieldName('parameters')).slice(fn.bound ? 1 : 0);
    const b = new UnitBuilder(this.ctx, fn.name, kind, fn.node, params, fn.className, fn.parent === '<module>' ? undefined : fn.parent);
    for (const [name, type] of annotatedTypes(this.ctx, fn.node.childForFieldName('parameters'))) b.remember(name, type, undefined);
    injectParameters(b, fn.node.childForFieldName('parameters'));
    this.walkBody(b, named(fn.node.childForFieldName('body')));
    if (fn.route) sendReturns(b, fn.route, fn.node.childForFieldName('return_type'));
    const accessorModel = kind === 'method' ? this.ctx.models.accessors.find((m) => fn.decorators.some((d) => matchesCall(m.call, d))) : undefined;
    const accessor = accessorModel !== undefined && !accessorModel.sets;
    const setter = accessorModel?.sets === true;
    const provides = [...new Set(this.ctx.models.providers.filter((m) => fn.decorators.some((d) => matchesCall(m.call, d))).flatMap((m) => m.provides))];
    this.ctx.units.push(b.finish({ decorators: fn.decorators, ...(accessor ? { accessor: true as const } : {}), ...(setter ? { setter: true as const } : {}), provides }));
  }

  private walkClass(outer: UnitBuilder, node: Node, decorators: string[], nesting: number): void {
    const simpleName = node.childForFieldName('name')?.text ?? '?';
    const name = this.ctx.uniqueUnitName(outer.kind === 'module' ? simpleName : `${outer.name}.${simpleName}`, lineOf(node));
    if (outer.kind === 'module') this.ctx.definitions.add(simpleName);
    const bases: string[] = [];
    const keywords = new Map<string, string>();
    for (const base of named(node.childForFieldName('superclasses'))) {
      if (base.type === 'keyword_argument') {
        const key = base.childForFieldName('name')?.text;
        const value = base.childForFieldName('value')?.text;
        if (key && value !== undefined) keywords.set(key, value);
        continue;
      }
      bases.push(describeCallee(outer, base).written);
    }
    if (nesting > MAX_CLASS_NESTING) {
      this.walkBody(outer, named(node.childForFieldName('body')));
      return;
    }
    const b = new UnitBuilder(this.ctx, name, 'class', node, [], name, outer.kind === 'module' ? undefined : outer.name);
    const body = node.childForFieldName('body');
    this.walkBody(b, named(body), nesting + 1);
    // The class body's attributes and methods, read once for every model that looks at them.
    const classBody = readBody(body);
    classBody.inherited = inheritedAnnotations(this.ctx, bases);
    this.ctx.classAnnotations.set(simpleName, new Map([...classBody.inherited, ...classBody.annotated]));
    const asset = ormBinding(b, simpleName, bases, classBody, keywords);
    const record = recordFields(b, simpleName, bases, decorators, classBody);
    this.ctx.units.push(b.finish({ bases, decorators, ...(asset ? { asset } : {}), ...record }));
    // Methods a library model writes for the class, each with a name unique in the file.
    const line = lineOf(node);
    const unitName = (qualified: string) => this.ctx.uniqueUnitName(qualified, line);
    for (const written of [serialiserMethods, viewClassMethods, schemaMethods]) this.ctx.units.push(...written(b, bases, classBody, line, unitName));
    // A program's user model gets the framework user's getters it does not define (`get_full_name()`).
    if (asset) this.ctx.units.push(...inheritedGetters(this.ctx.models.frameworkGetters, bases, name, simpleName, new Set(classBody.methods), line, unitName));
    outer.steps.push({ op: 'assign', line: lineOf(node), target: { name: simpleName }, value: [] });
  }

  private define(b: UnitBuilder, node: Node, decorators: string[], nesting: number, route?: Route, bound = false): void {
    if (node.type === 'class_definition') {
      this.walkClass(b, node, decorators, nesting);
      return;
    }
    const simpleName = node.childForFieldName('name')?.text ?? '?';
    const qualified = b.kind === 'module' ? simpleName : `${b.name}.${simpleName}`;
    if (b.kind === 'module') this.ctx.definitions.add(simpleName);
    this.pending.push({
      node, name: this.ctx.uniqueUnitName(qualified, lineOf(node)),
      className: b.kind === 'class' ? b.name : b.className, parent: b.name, decorators, ...(route ? { route } : {}),
      ...(bound ? { bound } : {}),
    });
  }

  /** Walks a list of statements and every block nested in it, in source order. */
  walkBody(b: UnitBuilder, statements: Node[], nesting = 0): void {
    const stack: Array<Block & { index: number; started: boolean }> = [{ nodes: statements, weak: false, index: 0, started: false }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (!frame.started) {
        frame.started = true;
        if (frame.weak) b.weak++;
      }
      if (frame.index >= frame.nodes.length) {
        stack.pop();
        if (frame.weak) b.weak--;
        continue;
      }
      const node = frame.nodes[frame.index++]!;
      const blocks: Block[] = [];
      this.statement(b, node, blocks, nesting);
      for (let k = blocks.length - 1; k >= 0; k--) stack.push({ ...blocks[k]!, index: 0, started: false });
    }
  }

  private statement(b: UnitBuilder, node: Node, blocks: Block[], nesting: number): void {
    const block = (n: Node | null, weak: boolean) => {
      if (n) blocks.push({ nodes: kind(n) === 'block' ? named(n) : [n], weak });
    };
    switch (kind(node)) {
      case 'expression_statement':
        for (const child of named(node)) this.expressionStatement(b, child);
        return;
      case 'assignment':
      case 'augmented_assignment':
        this.expressionStatement(b, node);
        return;
      case 'return_statement': {
        const value = node.namedChildren[0];
        const returned = value ? evaluate(b, value) : [];
        b.steps.push({ op: 'return', line: lineOf(node), value: returned });
        // A dbt Python model's function returns what dbt writes to the model's table.
        if (isModelFunction(b) && returned.length > 0) {
          b.steps.push({ op: 'write', line: lineOf(node), callee: 'dbt model', asset: { kind: 'table', name: b.file.dbtModel!.table }, value: returned });
        }
        return;
      }
      case 'raise_statement':
        this.raise(b, node);
        return;
      case 'if_statement':
      case 'elif_clause': {
        const condition = node.childForFieldName('condition');
        if (condition) evaluate(b, condition);
        block(node.childForFieldName('consequence'), true);
        if (node.type === 'if_statement') for (const alternative of node.childrenForFieldName('alternative')) block(alternative, true);
        return;
      }
      case 'else_clause':
      case 'finally_clause':
        for (const child of named(node)) block(child, node.type === 'else_clause');
        return;
      case 'for_statement': {
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left');
        const element = right ? loopElement(b, right, 0) : [];
        if (left) bindTarget(b, left, element, lineOf(node), 0);
        block(node.childForFieldName('body'), true);
        block(node.childForFieldName('alternative'), true);
        return;
      }
      case 'while_statement': {
        const condition = node.childForFieldName('condition');
        if (condition) evaluate(b, condition);
        block(node.childForFieldName('body'), true);
        block(node.childForFieldName('alternative'), true);
        return;
      }
      case 'try_statement':
        block(node.childForFieldName('body'), false);
        for (const child of named(node)) if (child.type !== 'block') block(child, child.type !== 'finally_clause');
        return;
      case 'except_clause':
      case 'except_group_clause':
        for (const child of named(node)) if (child.type === 'block') block(child, false);
        return;
      case 'with_statement':
        this.withStatement(b, node);
        block(node.childForFieldName('body'), false);
        return;
      case 'match_statement': {
        const subject = node.childForFieldName('subject');
        if (subject) evaluate(b, subject);
        for (const child of named(node.childForFieldName('body'))) {
          if (child.type === 'case_clause') block(child.childForFieldName('consequence'), true);
        }
        return;
      }
      case 'function_definition':
      case 'class_definition':
        this.define(b, node, [], nesting);
        return;
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        const decoratorNodes = named(node).filter((c) => c.type === 'decorator');
        const decorators = decoratorNodes.map((d) => decoratorName(b, d)).filter((n): n is string => n !== undefined);
        if (definition) this.define(b, definition, decorators, nesting, routeOf(b, decoratorNodes), boundBy(b, decoratorNodes));
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
        recordImport(this.ctx, node);
        return;
      case 'print_statement': {
        const values = named(node).map((child) => evaluate(b, child));
        b.steps.push({ op: 'sink', line: lineOf(node), kind: 'stdout', callee: 'print', value: unionValues(values) });
        return;
      }
      case 'block':
      case 'ERROR':
      case 'module':
        blocks.push({ nodes: named(node), weak: false });
        return;
      case 'future_import_statement':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'delete_statement':
        // `del record["email"]`: the key is no longer in what the name holds.
        for (const target of named(node).flatMap((n) => (n.type === 'expression_list' ? named(n) : [n]))) {
          const held = targetPath(target);
          if (held && held.path.length > 0 && held.path[held.path.length - 1] !== '*') b.steps.push({ op: 'remove', line: lineOf(target), target: { name: held.name, path: held.path } });
        }
        return;
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
      case 'comment':
        return;
      default:
        evaluate(b, node);
    }
  }

  private expressionStatement(b: UnitBuilder, node: Node): void {
    if (node.type === 'assignment') {
      this.assignment(b, node);
      return;
    }
    if (node.type === 'augmented_assignment') {
      this.augmented(b, node);
      return;
    }
    evaluate(b, node);
  }

  /** `a = b = v`, `x: T = v`, `a, b = v`: evaluates `v` once, binds every target. */
  private assignment(b: UnitBuilder, node: Node): void {
    const targets: Node[] = [];
    let current: Node | null = node;
    let right: Node | null = null;
    for (let guard = 0; current?.type === 'assignment' && guard < 64; guard++) {
      const left = current.childForFieldName('left');
      if (left) targets.push(left);
      right = current.childForFieldName('right');
      current = right;
    }
    if (!right) return;
    const value = evaluate(b, right);
    const line = lineOf(node);
    const type = targets.some((t) => t.type === 'identifier') ? typeOfExpression(b, right) : undefined;
    const template = targets.some((t) => t.type === 'identifier') ? templateOf(right, b.templateScope) : null;
    // Literal texts only: a name in the list would be read later, when it may hold something else.
    const list = (right.type === 'list' || right.type === 'tuple') && named(right).every((n) => n.type === 'string' || n.type === 'concatenated_string') ? right : undefined;
    const partial = right.type === 'call' && partialCall(b, right) ? right : undefined;
    for (const target of targets) {
      bindTarget(b, target, value, line, 0);
      if (target.type === 'identifier') b.remember(target.text, type, template, list, partial);
    }
  }

  /** `x += v`: the target keeps what it held and adds `v`; string constants grow (`sql += " WHERE ..."`). */
  private augmented(b: UnitBuilder, node: Node): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const previous = evaluate(b, left);
    const added = evaluate(b, right);
    bindTarget(b, left, unionValues([previous, added]), lineOf(node), 0);
    if (left.type === 'identifier' && node.childForFieldName('operator')?.type === '+=') {
      const before = b.templateOf(left.text);
      const after = templateOf(right, b.templateScope);
      const grown: Template | null = before && after ? { ...before, pieces: [...before.pieces, ...after.pieces] } : null;
      b.remember(left.text, b.typeOf(left.text), grown);
    }
  }

  private withStatement(b: UnitBuilder, node: Node): void {
    for (const clause of named(node)) {
      if (clause.type !== 'with_clause') continue;
      for (const item of named(clause)) {
        const value = item.childForFieldName('value') ?? item.namedChildren[0];
        if (!value) continue;
        if (value.type === 'as_pattern') {
          const expression = value.namedChildren[0];
          const alias = value.childForFieldName('alias') ?? value.namedChildren[1];
          if (!expression) continue;
          const data = evaluate(b, expression);
          const target = alias?.type === 'as_pattern_target' ? alias.namedChildren[0] : alias;
          if (target) {
            bindTarget(b, target, data, lineOf(item), 0);
            if (target.type === 'identifier') b.remember(target.text, typeOfExpression(b, expression), null);
          }
        } else evaluate(b, value);
      }
    }
  }

  /** `raise Error(f"... {user.email}")`: the exception's message leaves through error reports and logs. */
  private raise(b: UnitBuilder, node: Node): void {
    const expression = node.namedChildren[0];
    if (!expression) return;
    const line = lineOf(node);
    if (expression.type === 'call') {
      const fn = expression.childForFieldName('function');
      const callee = fn ? describeCallee(b, fn).written : 'Exception';
      const values = named(expression.childForFieldName('arguments')).map((arg) => evaluate(b, arg));
      const endLine = node.endPosition.row + 1;
      b.steps.push({ op: 'sink', line, ...(endLine > line ? { endLine } : {}), kind: 'exception', callee, value: unionValues(values) });
      return;
    }
    evaluate(b, expression);
  }
}
