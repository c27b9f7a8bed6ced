/**
 * The top level of a PHP or Hack file -> units: the file's own top-level code (a script), classes, interfaces,
 * traits and enums (properties, methods, constructors), functions. Function and method bodies are walked after
 * the top level. Typed properties and parameters record their class for callee names; a class-typed parameter
 * also holds an instance of its class (what a dependency-injection container passes), so calls through it reach
 * the program's own methods.
 */
import type { Node } from 'web-tree-sitter';
import type { AssetBinding, Param, Value } from '../../facts/schema.js';
import { CodeUnit } from '../code/context.js';
import { evaluate, named } from './expressions.js';
import { classType, CONSTRUCTOR, dotted, symbolOf } from './names.js';
import { markersOf, type Marker } from './markers.js';
import { accessorUnits, ormBinding, returnedCall, type DeclaredMethod, type ReturnedCall } from './orm.js';
import type { PhpClass, PhpFile } from './scope.js';
import { PhpScope } from './scope.js';
import { walkBody } from './statements.js';
import { inheritedGetters } from '../framework-units.js';

/** Unit name of constructors: the IR's name for what constructing an instance runs (docs/ir.md). */

/**
 * The unit name of an anonymous class: PHP calls them all `class@anonymous`; the line tells them apart, and the
 * name must be one a reference to the class can resolve (`@` marks a redefinition in unit names).
 */
function anonymousName(node: Node): string {
  return `anonymous_class_${lineOf(node)}`;
}

const CLASS_LIKE = new Set(['class_declaration', 'interface_declaration', 'trait_declaration', 'enum_declaration']);

interface PendingFunction {
  node: Node;
  name: string;
  cls: PhpClass | undefined;
  isStatic: boolean;
}

interface ParamInfo {
  params: Param[];
  /** Parameter -> its declared class, as written. */
  types: Map<string, string>;
  /** Constructor-promoted parameters: they are also properties. */
  promoted: string[];
}

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

function variable(node: Node | null): string | undefined {
  return node ? node.text.replace(/^[&$]+/, '') : undefined;
}

function parameters(node: Node | null): ParamInfo {
  const info: ParamInfo = { params: [], types: new Map(), promoted: [] };
  for (const param of named(node)) {
    const name = variable(param.childForFieldName('name'));
    if (!name) continue;
    if (param.type === 'variadic_parameter') {
      info.params.push({ name, kind: 'varargs' });
      continue;
    }
    const entry: Param = { name };
    const fallback = param.childForFieldName('default_value');
    if (fallback && (fallback.type === 'integer' || fallback.type === 'float')) entry.default = [{ lit: fallback.text }];
    else if (fallback?.type === 'string') entry.default = [{ lit: fallback.text.slice(1, -1) }];
    info.params.push(entry);
    const type = classType(param.childForFieldName('type'));
    if (type) info.types.set(name, type);
    if (param.type === 'property_promotion_parameter') info.promoted.push(name);
  }
  return info;
}

/** The name of the first namespace of a file (its module name depends on it). */
export function firstNamespace(root: Node): string {
  for (const child of root.namedChildren) {
    if (child?.type === 'namespace_definition') return dotted(child.childForFieldName('name')?.text ?? '');
  }
  return '';
}

export class PhpWalker {
  private readonly pending: PendingFunction[] = [];
  private readonly module: CodeUnit;
  private readonly moduleScope: PhpScope;

  private readonly anonymous = new Map<number, string>();

  constructor(private readonly file: PhpFile, private readonly root: Node) {
    this.module = new CodeUnit(file.code, '<module>', 'module', 1, root.endPosition.row + 1, []);
    this.moduleScope = new PhpScope(file, this.module, undefined);
    file.anonymousClass = (node) => {
      let name = this.anonymous.get(node.id);
      if (name === undefined) this.anonymous.set(node.id, (name = this.classDeclaration(node, anonymousName(node)) ?? anonymousName(node)));
      return name;
    };
  }

  walk(): void {
    this.declaredClasses(this.root);
    walkBody(this.moduleScope, this.root, (node) => this.declare(node));
    this.file.code.units.push(this.module.finish());
    // Constructors first: the clients and types they give properties are known in the other methods.
    // Methods of anonymous classes met while walking are walked too (a migration's `up` in a method's `new class`).
    while (this.pending.length > 0) {
      const constructorsFirst = this.pending.splice(0).sort((a, b) => Number(!a.name.endsWith(`.${CONSTRUCTOR}`)) - Number(!b.name.endsWith(`.${CONSTRUCTOR}`)));
      for (const fn of constructorsFirst) this.walkFunction(fn);
    }
  }

  /** Class names declared anywhere at the top of the file, so references to them are not imports. */
  private declaredClasses(root: Node): void {
    const stack = [...named(root)];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (CLASS_LIKE.has(node.type)) {
        const name = node.childForFieldName('name')?.text;
        if (name) this.file.names.declared.add(name);
      } else if (node.type === 'namespace_definition' || node.type === 'compound_statement' || node.type === 'ERROR') stack.push(...named(node));
    }
  }

  private declare(node: Node): void {
    switch (node.type) {
      case 'namespace_definition': {
        this.file.names.namespace = dotted(node.childForFieldName('name')?.text ?? '');
        const body = node.childForFieldName('body');
        if (body) walkBody(this.moduleScope, body, (inner) => this.declare(inner));
        return;
      }
      case 'namespace_use_declaration':
        this.file.names.use(node);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text;
        if (name) this.pending.push({ node, name: this.file.code.uniqueUnitName(name, lineOf(node)), cls: undefined, isStatic: false });
        return;
      }
      case 'const_declaration':
        for (const element of named(node)) {
          const [nameNode, valueNode] = named(element);
          if (!nameNode || !valueNode) continue;
          const value = evaluate(this.moduleScope, valueNode);
          this.module.assign(nameNode.text, undefined, value, lineOf(element));
          this.module.remember(nameNode.text, undefined, value);
        }
        return;
      default:
        if (CLASS_LIKE.has(node.type)) this.classDeclaration(node);
    }
  }

  /** Declares a class (`anonymous`: the name an anonymous class is given) and returns its unit's name. */
  private classDeclaration(node: Node, anonymous?: string): string | undefined {
    const unitName = anonymous !== undefined ? this.file.code.uniqueUnitName(anonymous, lineOf(node)) : undefined;
    const short = unitName ?? node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body') ?? named(node).find((c) => c.type === 'declaration_list');
    if (!short || !body) return undefined;
    const names = this.file.names;
    const full = names.namespace ? `${names.namespace}.${short}` : short;
    const cls: PhpClass = { name: short, full };
    const bases: string[] = [];
    const baseFulls: string[] = [];
    const addBase = (written: string) => {
      const baseFull = names.resolveClass(written);
      baseFulls.push(baseFull);
      bases.push(names.declared.has(written) ? written : symbolOf(baseFull));
      return baseFull;
    };
    for (const child of named(node)) {
      if (child.type !== 'base_clause') continue;
      const first = named(child)[0];
      if (first) {
        cls.base = addBase(first.text);
        cls.baseWritten = first.text;
      }
    }
    const properties = new Map<string, Value>();
    // What the class body sets: property defaults and class constants (`$this->table`, `self::ARCHIVE` read them).
    const attributes: Array<{ name: string; value: Value; line: number }> = [];
    const propertyMarks = new Map<string, Marker[]>();
    const propertyTypes = new Map<string, string>();
    const returnedCalls: ReturnedCall[] = [];
    const methods: DeclaredMethod[] = [];
    const resolve = (written: string) => names.resolveClass(written);
    const classScope = new PhpScope(this.file, this.module, cls);
    for (const member of named(body)) {
      switch (member.type) {
        case 'use_declaration':
          // Traits: their methods are the class's.
          for (const trait of named(member)) if (trait.type === 'name' || trait.type === 'qualified_name') addBase(trait.text);
          break;
        case 'property_declaration': {
          const type = classType(member.childForFieldName('type'));
          const marks = this.file.code.models.orm.length > 0 ? markersOf(member, resolve) : [];
          for (const element of named(member)) {
            if (element.type !== 'property_element') continue;
            const name = variable(element.childForFieldName('name') ?? element.namedChildren[0] ?? null);
            if (!name) continue;
            if (marks.length > 0) propertyMarks.set(name, marks);
            if (type) {
              this.file.code.types.set(`${short}.${name}`, names.resolveClass(type));
              propertyTypes.set(name, names.resolveClass(type));
            }
            const fallback = element.childForFieldName('default_value') ?? element.namedChildren[1];
            if (!fallback) continue;
            const value = evaluate(classScope, fallback);
            properties.set(name, value);
            attributes.push({ name, value, line: lineOf(element) });
          }
          break;
        }
        case 'const_declaration':
          for (const element of named(member)) {
            const [nameNode, valueNode] = named(element);
            if (element.type === 'const_element' && nameNode && valueNode) {
              attributes.push({ name: nameNode.text, value: evaluate(classScope, valueNode), line: lineOf(element) });
            }
          }
          break;
        case 'method_declaration': {
          const name = member.childForFieldName('name')?.text;
          if (!name || !member.childForFieldName('body')) break;
          const isStatic = named(member).some((c) => c.type === 'static_modifier');
          if (!isStatic && this.file.code.models.orm.length > 0) {
            const returned = returnedCall(member, resolve);
            if (returned) returnedCalls.push(returned);
          }
          const method = name.toLowerCase() === '__construct' ? CONSTRUCTOR : name;
          const returns = classType(member.childForFieldName('return_type'));
          methods.push({ name, ...(returns !== undefined ? { returns: names.resolveClass(returns) } : {}) });
          this.pending.push({ node: member, name: this.file.code.uniqueUnitName(`${short}.${method}`, lineOf(member)), cls, isStatic });
          break;
        }
        default:
          break;
      }
    }
    const orm = this.file.code.models.orm;
    const marks = orm.length > 0 ? markersOf(node, resolve) : [];
    const asset: AssetBinding | undefined = ormBinding(orm, short, { bases: baseFulls, properties, marks, propertyMarks, propertyTypes, resolveClass: resolve, returnedCalls });
    const unit = new CodeUnit(this.file.code, unitName ?? this.file.code.uniqueUnitName(short, lineOf(node)), 'class', lineOf(node), node.endPosition.row + 1, []);
    for (const { name, value, line } of attributes) unit.steps.push({ op: 'assign', line, target: { name }, value });
    this.file.code.units.push(unit.finish({ bases, ...(asset ? { asset } : {}) }));
    if (asset) {
      const line = lineOf(node);
      const unitName = (qualified: string) => this.file.code.uniqueUnitName(qualified, line);
      // A program's user model gets the framework user's getters it does not define (`getEmailForVerification()`).
      this.file.code.units.push(...inheritedGetters(this.file.code.models.frameworkGetters, baseFulls, short, short, new Set(methods.map((m) => m.name)), line, unitName));
      // Attributes accessor methods make (`getFullNameAttribute()`: `$customer->full_name`).
      this.file.code.units.push(...accessorUnits(orm, baseFulls, short, methods, line, unitName));
    }
    return unit.name;
  }

  private walkFunction(fn: PendingFunction): void {
    const info = parameters(fn.node.childForFieldName('parameters'));
    const method = fn.cls !== undefined;
    const params: Param[] = method && !fn.isStatic ? [{ name: 'this' }, ...info.params] : info.params;
    const u = new CodeUnit(this.file.code, fn.name, method ? 'method' : 'function', lineOf(fn.node), fn.node.endPosition.row + 1, params, fn.cls?.name, fn.cls?.name);
    const scope = new PhpScope(this.file, u, fn.cls);
    const names = this.file.names;
    if (fn.cls && !fn.isStatic) u.types.set('this', fn.cls.full);
    const line = lineOf(fn.node);
    for (const [name, written] of info.types) {
      const full = names.resolveClass(written);
      u.types.set(name, full);
      // The instance a container passes for a class-typed parameter: calls through it reach the class's methods.
      const slot = u.slot();
      u.steps.push({ op: 'call', line, slot, callee: full, fn: { ref: names.classRef(written, line) }, args: [] });
      u.steps.push({ op: 'assign', line, target: { name }, value: [{ ref: name }, { slot }] });
    }
    for (const name of info.promoted) {
      u.assign('this', [name], [{ ref: name }], line);
      const written = info.types.get(name);
      if (written && fn.cls) this.file.code.types.set(`${fn.cls.name}.${name}`, names.resolveClass(written));
    }
    const body = fn.node.childForFieldName('body');
    if (body) walkBody(scope, body, (node) => this.declare(node));
    this.file.code.units.push(u.finish(fn.isStatic ? { decorators: ['staticmethod'] } : {}));
  }
}
