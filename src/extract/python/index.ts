/**
 * The Python extractor (first cut): finds SQL text passed to SQL-carrying calls named in
 * grammars/python/models.yaml and hands it to the SQL extractor. SQL held in a constant of the same function
 * or module is followed; SQL built at run time is reported as a `dynamic-sql` gap.
 */
import type { Node } from 'web-tree-sitter';
import type { FileFacts, Gap, Step, Unit } from '../../facts/schema.js';
import type { SourceText } from '../../discover/read.js';
import { findModel, loadModels, type LanguageModels } from '../models.js';
import { analyzeSqlText } from '../sql/analyze.js';
import type { DialectInfo } from '../sql/dialects.js';
import { descendants, parseHealth, withTree } from '../tree-sitter.js';
import { constantString, isBuiltString, type StringValue } from './strings.js';

export interface PythonExtractContext {
  dialect: DialectInfo;
}

interface Scope {
  name: string;
  kind: Unit['kind'];
  node: Node;
}

/** Import aliases of the module: local name -> dotted name it stands for. */
function importAliases(root: Node): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const node of descendants(root, ['import_statement', 'import_from_statement'])) {
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (child?.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) aliases.set(alias, name);
        }
      }
    } else if (node.type === 'import_from_statement') {
      const moduleName = node.childForFieldName('module_name')?.text;
      if (!moduleName || moduleName.startsWith('.')) continue;
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) aliases.set(alias, `${moduleName}.${name}`);
        } else {
          aliases.set(child.text, `${moduleName}.${child.text}`);
        }
      }
    }
  }
  return aliases;
}

/** The dotted name of a callee as written, with its first segment resolved through import aliases. */
function calleeName(node: Node, aliases: Map<string, string>): string {
  const parts: string[] = [];
  let current: Node | null = node;
  while (current) {
    if (current.type === 'identifier') {
      parts.unshift(aliases.get(current.text) ?? current.text);
      break;
    }
    if (current.type === 'attribute') {
      parts.unshift(current.childForFieldName('attribute')?.text ?? '?');
      current = current.childForFieldName('object');
      continue;
    }
    if (current.type === 'call') {
      current = current.childForFieldName('function');
      continue;
    }
    parts.unshift('?');
    break;
  }
  return parts.join('.');
}

/** Enclosing functions and classes, outermost first. */
function scopeOf(node: Node): Scope {
  const names: string[] = [];
  let kind: Unit['kind'] = 'module';
  let scopeNode: Node | null = null;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'class_definition') {
      const name = current.childForFieldName('name')?.text ?? '?';
      names.unshift(name);
      if (!scopeNode) {
        scopeNode = current;
        kind = current.type === 'class_definition' ? 'class' : 'function';
      }
    }
  }
  if (kind === 'function' && scopeNode?.parent?.parent?.type === 'class_definition') kind = 'method';
  let root: Node = node;
  while (root.parent) root = root.parent;
  return { name: names.length > 0 ? names.join('.') : '<module>', kind, node: scopeNode ?? root };
}

/** String constants assigned exactly once per scope (module or function): scope start -> name -> value. */
function stringConstants(root: Node): Map<number, Map<string, Node | null>> {
  const byScope = new Map<number, Map<string, Node | null>>();
  // The enclosing function or class comes from the pre-order walk itself (a stack of open scopes by range), not
  // from scopeOf(): web-tree-sitter's `parent` searches down from the root on every call, which made a
  // scopeOf() per assignment the slowest part of extracting large files.
  const open: Node[] = [];
  for (const node of descendants(root, ['function_definition', 'class_definition', 'assignment'])) {
    while (open.length > 0 && open[open.length - 1]!.endIndex <= node.startIndex) open.pop();
    if (node.type !== 'assignment') {
      open.push(node);
      continue;
    }
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    const scope = (open[open.length - 1] ?? root).id;
    let names = byScope.get(scope);
    if (!names) byScope.set(scope, (names = new Map()));
    // A name assigned twice is not a constant.
    names.set(left.text, names.has(left.text) ? null : right);
  }
  return byScope;
}

function argumentNode(call: Node, index: number, keyword: string | undefined): Node | null {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return null;
  let position = 0;
  for (const child of args.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      if (keyword && child.childForFieldName('name')?.text === keyword) return child.childForFieldName('value');
      continue;
    }
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') return null;
    if (position === index) return child;
    position++;
  }
  return null;
}

class PythonFile {
  readonly steps = new Map<string, { scope: Scope; steps: Step[] }>();
  readonly gaps: Gap[] = [];
  private readonly aliases: Map<string, string>;
  private readonly constants: Map<number, Map<string, Node | null>>;
  private readonly models: LanguageModels;

  constructor(private readonly file: string, private readonly root: Node, private readonly context: PythonExtractContext) {
    this.aliases = importAliases(root);
    this.constants = stringConstants(root);
    this.models = loadModels('python');
  }

  run(): void {
    for (const node of descendants(this.root, ['call'])) if (node.type === 'call') this.visitCall(node);
  }

  /** Follows wrappers (`text("...")`) and single-assignment constants to a string value. */
  private sqlText(node: Node, from: Node, depth = 0): StringValue | null {
    if (depth > 8) return null;
    const literal = constantString(node);
    if (literal) return literal;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const wrapper = fn ? findModel(this.models.sqlWrappers, calleeName(fn, this.aliases)) : undefined;
      const inner = wrapper ? argumentNode(node, wrapper.arg, undefined) : null;
      return inner ? this.sqlText(inner, from, depth + 1) : null;
    }
    if (node.type === 'identifier') {
      const value = this.constantValue(node.text, from);
      return value ? this.sqlText(value, value, depth + 1) : null;
    }
    return null;
  }

  /** The single value assigned to `name` in the scope of `from`, else at module level. */
  private constantValue(name: string, from: Node): Node | null {
    const own = this.constants.get(scopeOf(from).node.id)?.get(name);
    const moduleLevel = this.constants.get(this.root.id)?.get(name);
    return (own !== undefined ? own : moduleLevel) ?? null;
  }

  private isDynamic(node: Node, from: Node, depth = 0): boolean {
    if (depth > 8) return false;
    if (isBuiltString(node)) return true;
    if (node.type === 'identifier') {
      const value = this.constantValue(node.text, from);
      return value ? this.isDynamic(value, value, depth + 1) : false;
    }
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const wrapper = fn ? findModel(this.models.sqlWrappers, calleeName(fn, this.aliases)) : undefined;
      const inner = wrapper ? argumentNode(node, wrapper.arg, undefined) : null;
      return inner !== null && this.isDynamic(inner, from, depth + 1);
    }
    return false;
  }

  private visitCall(call: Node): void {
    const fn = call.childForFieldName('function');
    if (!fn) return;
    const callee = calleeName(fn, this.aliases);
    const model = findModel(this.models.sql, callee);
    if (!model) return;
    const arg = argumentNode(call, model.arg, model.kwarg);
    if (!arg) return;
    const line = call.startPosition.row + 1;
    const value = this.sqlText(arg, call);
    if (!value) {
      if (this.isDynamic(arg, call)) {
        this.gaps.push({
          kind: 'dynamic-sql', file: this.file, line,
          detail: `SQL passed to ${callee} is built at run time; its tables are unknown`, severity: 'warning',
        });
      }
      return;
    }
    const result = analyzeSqlText(value.text, {
      file: this.file, dialect: this.context.dialect, baseLine: value.row + 1, baseColumn: value.column + 1, embedded: true,
    });
    this.gaps.push(...result.gaps);
    const scope = scopeOf(call);
    let entry = this.steps.get(scope.name);
    if (!entry) this.steps.set(scope.name, (entry = { scope, steps: [] }));
    for (const statement of result.statements) entry.steps.push({ op: 'sql', line, callee, statement });
  }
}

export async function extractPython(file: string, source: SourceText, context: PythonExtractContext): Promise<FileFacts> {
  return withTree('python', source.text, (tree) => {
    const analysis = new PythonFile(file, tree.rootNode, context);
    analysis.run();
    const units: Unit[] = [...analysis.steps.values()].map(({ scope, steps }) => ({
      name: scope.name,
      kind: scope.kind,
      line: scope.node.startPosition.row + 1,
      endLine: scope.node.endPosition.row + 1,
      steps,
    }));
    units.sort((a, b) => a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return {
      file,
      language: 'python' as const,
      hash: source.hash,
      bytes: source.bytes,
      lines: source.lines,
      parse: parseHealth(tree.rootNode, source.text.length),
      units,
      gaps: [...source.gaps, ...analysis.gaps],
    };
  });
}
