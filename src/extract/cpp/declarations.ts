/**
 * The top level of a C++ file -> units: the file's own top-level code (globals, constants, `#define` strings),
 * classes and structs (fields, methods, constructors), functions and out-of-line method definitions, through
 * namespaces, `extern "C"` blocks, templates and preprocessor conditionals. One walk with an explicit stack;
 * function bodies are walked after the top level, when every file-level constant is known.
 */
import type { Node } from 'web-tree-sitter';
import type { Param } from '../../facts/schema.js';
import { isFieldChild } from '../tree-sitter.js';
import { CodeUnit } from '../code/context.js';
import { literal } from '../code/templates.js';
import { typeName, writtenName } from './callees.js';
import { evaluate } from './expressions.js';
import { includeTargets } from './module.js';
import type { ClassInfo, CppFile } from './scope.js';
import { CppScope } from './scope.js';
import { declaration, declaratorName, walkBody } from './statements.js';

interface PendingFunction {
  node: Node;
  name: string;
  cls: ClassInfo | undefined;
  isStatic: boolean;
  constructor: boolean;
}

/** Unit name of constructors: the IR's name for what constructing an instance runs (docs/ir.md). */
export const CONSTRUCTOR = '__init__';

function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** `void run() override;`, `void run() final {}`: a virtual method without the keyword. */
function hasVirtualSpecifier(declarator: Node): boolean {
  for (let at: Node | null = declarator, guard = 0; at && guard < 16; guard++) {
    if (at.type === 'function_declarator') return named(at).some((c) => c.type === 'virtual_specifier');
    at = at.childForFieldName('declarator');
  }
  return false;
}

function hasStatic(node: Node): boolean {
  return named(node).some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
}

/** The parameters of a function declarator: names, variadics, literal defaults. */
function parameters(declarator: Node | null): { params: Param[]; types: Map<string, string> } {
  const params: Param[] = [];
  const types = new Map<string, string>();
  const list = declarator?.childForFieldName('parameters');
  named(list).forEach((param, index) => {
    if (param.type === 'variadic_parameter' || param.text === '...') {
      params.push({ name: 'args', kind: 'varargs' });
      return;
    }
    const found = declaratorName(param.childForFieldName('declarator'));
    const name = found?.name ?? `_${index}`;
    if (param.type === 'variadic_parameter_declaration') {
      params.push({ name, kind: 'varargs' });
      return;
    }
    const entry: Param = { name };
    const fallback = param.childForFieldName('default_value');
    if (fallback && (fallback.type === 'number_literal' || fallback.type === 'string_literal')) entry.default = [{ lit: fallback.type === 'string_literal' ? fallback.text.slice(1, -1) : fallback.text }];
    params.push(entry);
    const type = typeName(param.childForFieldName('type'));
    if (type) types.set(name, type);
  });
  return { params, types };
}

/** Literal initialisers of class members (texts, numbers, lists of them): evaluating them emits no steps. */
const CONSTANT_INITIALISERS = new Set(['string_literal', 'raw_string_literal', 'concatenated_string', 'number_literal', 'char_literal', 'true', 'false']);

function isConstantInitialiser(node: Node): boolean {
  if (node.type === 'initializer_list') return named(node).every(isConstantInitialiser);
  return CONSTANT_INITIALISERS.has(node.type);
}

/** A `#define NAME "text"`: a file-level string constant. */
function define(file: CppFile, module: CodeUnit, node: Node): void {
  const name = node.childForFieldName('name')?.text;
  const value = node.childForFieldName('value');
  if (!name || !value) return;
  const match = /^\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(value.text);
  if (!match) return;
  const offset = value.text.indexOf('"') + 1;
  const text = match[1]!.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
  const part = literal(text, value.startPosition.row, value.startPosition.column + offset);
  module.assign(name, undefined, [part], lineOf(node));
  module.remember(name, undefined, [part]);
  file.code.constants.set(name, [part]);
}

export class CppWalker {
  private readonly pending: PendingFunction[] = [];
  private readonly module: CodeUnit;

  constructor(private readonly file: CppFile, private readonly root: Node) {
    this.module = new CodeUnit(file.code, '<module>', 'module', 1, root.endPosition.row + 1, []);
  }

  walk(): void {
    const moduleScope = new CppScope(this.file, this.module, undefined);
    const stack: Array<{ node: Node; cls: ClassInfo | undefined }> = [];
    const pushChildren = (node: Node, cls: ClassInfo | undefined) => {
      const children = named(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, cls });
    };
    pushChildren(this.root, undefined);
    while (stack.length > 0) {
      const { node, cls } = stack.pop()!;
      switch (node.type) {
        case 'preproc_include':
          this.include(node);
          break;
        case 'using_declaration':
          this.using(node);
          break;
        case 'alias_declaration':
        case 'namespace_alias_definition': {
          const name = node.childForFieldName('name')?.text;
          const target = node.type === 'alias_declaration' ? typeName(node.childForFieldName('type')) : typeName(node.namedChildren[node.namedChildren.length - 1] ?? null);
          if (name && target) this.file.code.aliases.set(name, target);
          break;
        }
        case 'namespace_definition':
        case 'linkage_specification':
          pushChildren(node.childForFieldName('body') ?? node, cls);
          break;
        case 'declaration_list':
        case 'template_declaration':
        case 'preproc_if':
        case 'preproc_ifdef':
        case 'preproc_else':
        case 'preproc_elif':
        case 'preproc_elifdef':
        case 'ERROR':
          for (const child of named(node).reverse()) {
            if (isFieldChild(node, 'condition', child) || isFieldChild(node, 'name', child) || child.type === 'template_parameter_list') continue;
            stack.push({ node: child, cls });
          }
          break;
        case 'preproc_def':
          define(this.file, this.module, node);
          break;
        case 'class_specifier':
        case 'struct_specifier':
        case 'union_specifier':
          this.classSpecifier(node, cls, stack);
          break;
        case 'function_definition':
          this.functionDefinition(node, cls);
          break;
        case 'field_declaration':
          if (cls) this.fieldDeclaration(node, cls, stack, moduleScope);
          break;
        case 'declaration':
        case 'type_definition': {
          const type = node.childForFieldName('type');
          if (type && /^(class|struct|union)_specifier$/.test(type.type) && type.childForFieldName('body')) this.classSpecifier(type, cls, stack);
          if (node.type === 'declaration' && !cls) declaration(moduleScope, node);
          else if (node.type === 'declaration' && cls) this.fieldDeclaration(node, cls, stack, moduleScope);
          break;
        }
        case 'expression_statement':
          if (!cls) for (const child of named(node)) evaluate(moduleScope, child);
          break;
        default:
          break;
      }
    }
    this.file.code.units.push(this.module.finish());
    for (const fn of this.pending) this.walkFunction(fn);
    this.classUnits();
  }

  private include(node: Node): void {
    const path = node.childForFieldName('path');
    if (!path) return;
    const quoted = path.type === 'string_literal';
    const text = quoted ? path.text.slice(1, -1) : path.text.replace(/^<|>$/g, '');
    for (const target of includeTargets(text, quoted)) {
      this.file.code.addImport('*', `${target}.*`, lineOf(node));
      if (quoted && target.endsWith('_h')) this.file.localIncludes.push(target);
    }
  }

  /** `using namespace std;` brings a namespace in; `using std::cout;` an alias. */
  private using(node: Node): void {
    const target = node.namedChildren[node.namedChildren.length - 1];
    if (!target) return;
    const dotted = writtenName(target);
    if (dotted.includes('?')) return;
    if (node.children.some((c) => c?.type === 'namespace')) {
      if (!this.file.usingNamespaces.includes(dotted)) this.file.usingNamespaces.push(dotted);
      return;
    }
    this.file.code.aliases.set(dotted.slice(dotted.lastIndexOf('.') + 1), dotted);
  }

  private classSpecifier(node: Node, outer: ClassInfo | undefined, stack: Array<{ node: Node; cls: ClassInfo | undefined }>): void {
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (!nameNode || !body) {
      // An anonymous struct's members belong to the enclosing class.
      if (body && outer) for (const child of named(body).reverse()) stack.push({ node: child, cls: outer });
      return;
    }
    const simple = writtenName(nameNode).replace(/^.*\./, '');
    const name = outer ? `${outer.name}.${simple}` : simple;
    const info = this.file.classInfo(name, lineOf(node), node.endPosition.row + 1);
    info.declared = true;
    info.line = lineOf(node);
    info.endLine = node.endPosition.row + 1;
    for (const child of named(node)) {
      if (child.type !== 'base_class_clause') continue;
      for (const base of named(child)) {
        const baseName = typeName(base);
        if (baseName) info.bases.push(baseName);
      }
    }
    // Members first (fields and method names), then bodies: pushed in reverse so they pop in order.
    for (const child of named(body).reverse()) stack.push({ node: child, cls: info });
    for (const child of named(body)) this.memberNames(child, info);
  }

  /** Records field and method names of a class body, so bare names in its methods resolve to members. */
  private memberNames(node: Node, info: ClassInfo): void {
    if (node.type === 'function_definition' || node.type === 'field_declaration' || node.type === 'declaration') {
      const isStatic = hasStatic(node);
      const isVirtual = node.children.some((c) => c.type === 'virtual');
      for (const declarator of node.childrenForFieldName('declarator')) {
        const found = declaratorName(declarator);
        if (!found) continue;
        if (found.fn) (isStatic ? info.staticMethods : info.methods).add(found.name);
        else info.fields.add(found.name);
        if (found.fn && (isVirtual || hasVirtualSpecifier(declarator))) info.virtuals.add(found.name);
      }
    } else if (node.type === 'template_declaration') {
      for (const child of named(node)) this.memberNames(child, info);
    }
  }

  private fieldDeclaration(node: Node, cls: ClassInfo, stack: Array<{ node: Node; cls: ClassInfo | undefined }>, scope: CppScope): void {
    const type = node.childForFieldName('type');
    if (type && /^(class|struct|union)_specifier$/.test(type.type) && type.childForFieldName('body')) this.classSpecifier(type, cls, stack);
    const declared = typeName(type);
    const declarators = node.childrenForFieldName('declarator');
    // `T name = value;` in a class body: one default per field (`default_value`), or per `init_declarator`.
    const defaults = node.childrenForFieldName('default_value');
    declarators.forEach((declarator, index) => {
      const found = declaratorName(declarator);
      if (!found || found.fn) return;
      if (declared) this.file.code.types.set(`${cls.name}.${found.name}`, declared);
      const initial = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : declarators.length === defaults.length ? defaults[index] : undefined;
      if (initial && isConstantInitialiser(initial)) cls.attributes.push({ name: found.name, value: evaluate(scope, initial), line: lineOf(declarator) });
    });
  }

  private functionDefinition(node: Node, cls: ClassInfo | undefined): void {
    const declarator = node.childForFieldName('declarator');
    let fnDeclarator: Node | null = declarator;
    for (let guard = 0; fnDeclarator && fnDeclarator.type !== 'function_declarator' && guard < 16; guard++) {
      fnDeclarator = fnDeclarator.childForFieldName('declarator') ?? fnDeclarator.namedChildren[fnDeclarator.namedChildren.length - 1] ?? null;
    }
    const nameNode = fnDeclarator?.childForFieldName('declarator');
    if (!fnDeclarator || !nameNode) return;
    let owner = cls;
    let simple = writtenName(nameNode);
    if (nameNode.type === 'qualified_identifier' || simple.includes('.')) {
      // `bool OrderDao::insert(...)`: a method defined outside its class; namespaces before the class dropped.
      const segments = simple.split('.');
      simple = segments.pop()!;
      while (segments.length > 0 && /^[a-z_]/.test(segments[0]!) && !this.file.classes.has(segments[0]!)) segments.shift();
      if (segments.length > 0) owner = this.file.classInfo(segments.join('.'), lineOf(node), node.endPosition.row + 1);
    }
    if (nameNode.type === 'destructor_name' || simple.startsWith('~')) simple = `~${simple.replace(/^~/, '')}`;
    if (nameNode.type === 'operator_name') simple = nameNode.text.replace(/\s+/g, '');
    const ownerSimple = owner?.name.slice(owner.name.lastIndexOf('.') + 1);
    const isConstructor = owner !== undefined && simple === ownerSimple;
    const method = isConstructor ? CONSTRUCTOR : simple;
    const isStatic = owner !== undefined && (hasStatic(node) || owner.staticMethods.has(simple));
    if (owner) (isStatic ? owner.staticMethods : owner.methods).add(method);
    const qualified = owner ? `${owner.name}.${method}` : method;
    this.pending.push({ node, name: this.file.code.uniqueUnitName(qualified, lineOf(node)), cls: owner, isStatic, constructor: isConstructor });
  }

  private walkFunction(fn: PendingFunction): void {
    const declarator = fn.node.childForFieldName('declarator');
    let fnDeclarator: Node | null = declarator;
    for (let guard = 0; fnDeclarator && fnDeclarator.type !== 'function_declarator' && guard < 16; guard++) {
      fnDeclarator = fnDeclarator.childForFieldName('declarator') ?? fnDeclarator.namedChildren[fnDeclarator.namedChildren.length - 1] ?? null;
    }
    const { params, types } = parameters(fnDeclarator);
    const method = fn.cls !== undefined;
    const allParams: Param[] = method && !fn.isStatic ? [{ name: 'this' }, ...params] : params;
    const u = new CodeUnit(this.file.code, fn.name, method ? 'method' : 'function', lineOf(fn.node), fn.node.endPosition.row + 1, allParams, fn.cls?.name, fn.cls?.name);
    for (const [name, type] of types) u.types.set(name, type);
    if (fn.cls && !fn.isStatic) u.types.set('this', fn.cls.name);
    const scope = new CppScope(this.file, u, fn.cls);
    // `: db_(db), name_(std::move(name))`: member initializers assign the members; `: Store("subscribers")` runs
    // the base's constructor with this object.
    for (const child of named(fn.node)) {
      if (child.type !== 'field_initializer_list') continue;
      for (const init of named(child)) {
        const member = init.namedChildren[0];
        const args = init.namedChildren[1];
        if (!member || !args) continue;
        const values = named(args).map((a) => evaluate(scope, a));
        const base = fn.cls && !fn.isStatic && fn.cls.bases.some((written) => written === member.text || written.endsWith(`.${member.text}`));
        if (base) {
          u.steps.push({ op: 'call', line: lineOf(init), slot: u.slot(), callee: `${member.text}.__init__`, fn: { ref: 'this', path: ['__init__'] }, viaBase: true, args: values });
        } else u.assign('this', [member.text], values.flat(), lineOf(init));
      }
    }
    const body = fn.node.childForFieldName('body');
    if (body) walkBody(scope, body);
    this.file.code.units.push(u.finish(fn.isStatic ? { decorators: ['staticmethod'] } : {}));
  }

  /**
   * One class unit per class the file declares or defines methods of. A class whose methods are defined here but
   * declared in an included header names the header's class as a base, so its fields and inline methods resolve.
   */
  private classUnits(): void {
    for (const info of this.file.classes.values()) {
      if (!info.declared && info.methods.size === 0 && info.staticMethods.size === 0) continue;
      const bases = [...info.bases];
      if (!info.declared) for (const header of this.file.localIncludes) bases.push(`${header}.${info.name}`);
      const dot = info.name.lastIndexOf('.');
      const parent = dot > 0 ? info.name.slice(0, dot) : undefined;
      const unit = new CodeUnit(this.file.code, info.name, 'class', info.line, info.endLine, [], parent && this.file.classes.get(parent)?.declared ? parent : undefined);
      for (const { name, value, line } of info.attributes) unit.steps.push({ op: 'assign', line, target: { name }, value });
      // Members bind statically: only the methods declared virtual are a subclass's to override.
      this.file.code.units.push(unit.finish({ bases, virtuals: [...info.virtuals].sort() }));
    }
  }
}
