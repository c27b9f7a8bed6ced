/**
 * PHP names: namespaces, `use` imports and class names as dotted names (`App\Models\User` -> `App.Models.User`),
 * module names, and the IR imports the simulator resolves them through.
 *
 * A PHP file is the module `<namespace>.<file stem>` (`App.Models.User` for app/Models/User.php in namespace
 * `App\Models`), or its path when it has no namespace. A class `A\B\C` is then, by the PSR-4 convention of one
 * class per file named after it, the symbol `C` of module `A.B.C`: `use A\B\C;` is the import `C` ->
 * `A.B.C.C`. Classes used without `use` in a namespace (`new Order()` in `App\Models`) get the same import,
 * against their namespace.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeFile } from '../code/context.js';

/** `A\B\C` (as written, optionally with a leading `\`) -> `A.B.C`. */
export function dotted(name: string): string {
  return name.replace(/^\\/, '').replace(/\\/g, '.');
}

function segment(name: string): string {
  return name.replace(/[.\s]/g, '_');
}

/** The module of a PHP or Hack file: its namespace and file stem, or its path. */
export function phpModuleName(file: string, namespace: string): string {
  const parts = file.split('/');
  const base = parts.pop() ?? file;
  const stem = segment(base.replace(/\.(php\d?|phtml|inc|hack|hck|hh)$/i, ''));
  return namespace ? `${namespace}.${stem}` : [...parts.map(segment), stem].join('.');
}

const SCALARS = new Set([
  'int', 'integer', 'float', 'double', 'string', 'bool', 'boolean', 'array', 'callable', 'iterable', 'object', 'mixed',
  'void', 'null', 'false', 'true', 'never', 'resource', 'num', 'arraykey', 'nonnull', 'noreturn', 'dynamic', 'vec',
  'dict', 'keyset', 'this',
]);

export class PhpNames {
  /** Current namespace, dotted (`App.Models`), '' outside any. */
  namespace = '';
  /** Local class name -> dotted full name. */
  readonly classes = new Map<string, string>();
  /** Local function name -> dotted full name (`use function`). */
  readonly functions = new Map<string, string>();
  /** Classes, interfaces and traits this file declares (short names). */
  readonly declared = new Set<string>();

  constructor(readonly code: CodeFile) {}

  /** `use A\B\C as D;`, group uses, `use function`, `use const`. */
  use(node: Node): void {
    const line = node.startPosition.row + 1;
    const kind = node.children.find((c) => c?.type === 'function' || c?.type === 'const')?.type;
    const group = node.childForFieldName('body');
    const prefix = group ? node.namedChildren.find((c) => c?.type === 'namespace_name')?.text ?? '' : '';
    const clauses = (group ?? node).namedChildren.filter((c): c is Node => c?.type === 'namespace_use_clause');
    for (const clause of clauses) {
      const target = clause.namedChildren.find((c) => c?.type === 'qualified_name' || c?.type === 'name' || c?.type === 'namespace_name');
      if (!target) continue;
      const full = dotted(prefix ? `${prefix}\\${target.text}` : target.text);
      const alias = clause.childForFieldName('alias')?.text ?? full.slice(full.lastIndexOf('.') + 1);
      const clauseKind = clause.children.find((c) => c?.type === 'function' || c?.type === 'const')?.type ?? kind;
      if (clauseKind === 'function') this.functions.set(alias, full);
      else if (clauseKind !== 'const') {
        this.classes.set(alias, full);
        this.code.aliases.set(alias, full);
        this.code.addImport(alias, symbolOf(full), line);
      }
    }
  }

  /** The dotted full name of a class as written here (`User`, `Models\User`, `\App\Models\User`). */
  resolveClass(written: string): string {
    if (written.startsWith('\\')) return dotted(written);
    const head = written.split('\\', 1)[0]!;
    const imported = this.classes.get(head);
    // `Mapping\Column` under `use Doctrine\ORM\Mapping;`: the rest follows the imported namespace.
    if (imported) return head.length < written.length ? `${imported}.${dotted(written.slice(head.length + 1))}` : imported;
    return this.namespace ? `${this.namespace}.${dotted(written)}` : dotted(written);
  }

  /** The dotted full name of a function as written (`error_log`, `\Sentry\captureMessage`, an imported one). */
  resolveFunction(written: string): string {
    if (written.startsWith('\\')) return dotted(written);
    const imported = this.functions.get(written);
    if (imported) return imported;
    if (written.includes('\\')) return this.resolveClass(written);
    // Unqualified functions fall back to the global ones (`error_log`), as PHP resolves them.
    return written;
  }

  /**
   * The local name a class is referred to by in this file's IR, importing it when needed: the written short name,
   * or the written qualified name itself for qualified uses.
   */
  /** `classRef` of a class named in full, as text names it (`App\Entity\Customer`, with or without the leading `\`). */
  fullClassRef(written: string, line: number): string {
    return this.classRef(written.startsWith('\\') ? written : `\\${written}`, line);
  }

  classRef(written: string, line: number): string {
    const full = this.resolveClass(written);
    if (this.declared.has(written) || this.classes.has(written)) return written;
    this.code.addImport(written, symbolOf(full), line);
    return written;
  }
}

/**
 * A class's full name as written in text (`App\Entity\Customer`, `\App\Entity\Customer`): namespaced. It starts
 * where a word does: tried inside a long word, it would scan the rest of the word again from each letter.
 */
export const QUALIFIED_CLASS = /(?<![\w\\])\\?[A-Za-z_]\w*(?:\\[A-Za-z_]\w*)+/;

/** The IR symbol path of a class (`App.Models.User` -> `App.Models.User.User`, PSR-4). */
export function symbolOf(full: string): string {
  return `${full}.${full.slice(full.lastIndexOf('.') + 1)}`;
}

/** A declared type as a class name, or undefined for scalars, unions and the like (`?Foo` -> `Foo`). */
export function classType(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  let current: Node | null = node;
  for (let guard = 0; current && guard < 8; guard++) {
    if (current.type === 'optional_type' || current.type === 'named_type' || current.type === 'type_list') {
      const inner: Node | null = current.namedChildren[0] ?? null;
      if (current.type === 'named_type' && inner && (inner.type === 'name' || inner.type === 'qualified_name')) return SCALARS.has(inner.text.toLowerCase()) ? undefined : inner.text;
      current = inner;
      continue;
    }
    if (current.type === 'name' || current.type === 'qualified_name') return SCALARS.has(current.text.toLowerCase()) ? undefined : current.text;
    return undefined;
  }
  return undefined;
}

/** The name the IR gives a constructor (`__construct`), as for every language: `Class.__init__`. */
export const CONSTRUCTOR = '__init__';
