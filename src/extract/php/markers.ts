/**
 * Metadata on PHP classes and properties: attributes (`#[ORM\Table(name: 'users')]`) and the docblock annotations
 * that preceded them (`@ORM\Table(name="users")`), with their names resolved as classes are and their literal
 * string arguments. ORM mappings are written this way (Doctrine).
 */
import type { Node } from 'web-tree-sitter';

export interface Marker {
  /** Dotted full name (`Doctrine.ORM.Mapping.Table`). */
  name: string;
  /** Positional arguments, where they are string literals (or `Foo::class`: the class's dotted full name). */
  args: Array<string | undefined>;
  /** Named arguments that are string literals or classes (`name: 'users'`, `name="users"`). */
  named: Map<string, string>;
}

/** A quoted PHP string literal without escapes or interpolation, unquoted. */
export function plainString(text: string): string | undefined {
  const match = /^(['"])([^'"\\$]*)\1$/.exec(text.trim());
  return match ? match[2] : undefined;
}

/** `Foo::class` as the class's dotted full name. */
function classConstant(node: Node, resolve: (written: string) => string): string | undefined {
  if (node.type !== 'class_constant_access_expression') return undefined;
  const [target, name] = node.namedChildren;
  return target && name?.text === 'class' && (target.type === 'name' || target.type === 'qualified_name') ? resolve(target.text) : undefined;
}

function attributeMarkers(list: Node, resolve: (written: string) => string): Marker[] {
  const out: Marker[] = [];
  for (const group of list.namedChildren) {
    if (group?.type !== 'attribute_group') continue;
    for (const attribute of group.namedChildren) {
      if (attribute?.type !== 'attribute') continue;
      const nameNode = attribute.namedChildren[0];
      if (!nameNode || (nameNode.type !== 'name' && nameNode.type !== 'qualified_name')) continue;
      const marker: Marker = { name: resolve(nameNode.text), args: [], named: new Map() };
      const argumentsNode = attribute.namedChildren.find((c) => c?.type === 'arguments');
      for (const argument of argumentsNode?.namedChildren ?? []) {
        if (argument?.type !== 'argument') continue;
        const parts = argument.namedChildren.filter((c): c is Node => c !== null);
        const value = parts[parts.length - 1];
        const text = value ? plainString(value.text) ?? classConstant(value, resolve) : undefined;
        if (parts.length === 2 && parts[0]!.type === 'name') {
          if (text !== undefined) marker.named.set(parts[0]!.text, text);
        } else marker.args.push(text);
      }
      out.push(marker);
    }
  }
  return out;
}

/** `@ORM\Column` and the like, in a docblock; its arguments, if any, follow in brackets. */
const ANNOTATION = /@([A-Za-z_\\][\w\\]*)/g;
/** An annotation's arguments longer than this are not read (real ones are a few hundred bytes). */
const MAX_ARGUMENTS = 4_000;
/** Docblocks longer than this are not read: every annotation in one may scan MAX_ARGUMENTS characters. */
const MAX_DOCBLOCK = 65_536;

/**
 * The arguments in the brackets that open at `start`, split at their top-level commas (nested annotations,
 * `{...}` lists and quotes kept whole): `(name="t", indexes={@ORM\Index(name="i")})` gives two. Undefined when
 * the brackets do not close within MAX_ARGUMENTS characters. A scan, so unclosed brackets cost bounded time.
 */
function bracketedArguments(text: string, start: number): string[] | undefined {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let from = start + 1;
  const end = Math.min(text.length, start + MAX_ARGUMENTS);
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      if (--depth === 0) {
        parts.push(text.slice(from, i));
        return parts;
      }
    } else if (c === ',' && depth === 1) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  return undefined;
}

/** A docblock annotation's quoted value, as written: annotations have no escapes (`"App\Repository\Customers"` names a class). */
function annotationString(text: string): string | undefined {
  const match = /^(['"])([^'"]*)\1$/.exec(text.trim());
  return match ? match[2] : undefined;
}

function docblockMarkers(docblock: string, resolve: (written: string) => string): Marker[] {
  const out: Marker[] = [];
  if (docblock.length > MAX_DOCBLOCK) return out;
  // Without the ` * ` that starts each line, so an annotation's arguments may span lines.
  const comment = docblock.replace(/\n[ \t]*\*(?!\/)/g, '\n');
  for (const match of comment.matchAll(ANNOTATION)) {
    const marker: Marker = { name: resolve(match[1]!), args: [], named: new Map() };
    let open = match.index + match[0].length;
    while (comment[open] === ' ' || comment[open] === '\t') open++;
    for (const argument of comment[open] === '(' ? bracketedArguments(comment, open) ?? [] : []) {
      const named = /^\s*([A-Za-z_]\w*)\s*[=:]\s*([\s\S]*)$/.exec(argument);
      const text = annotationString(named ? named[2]! : argument);
      if (named) {
        if (text !== undefined) marker.named.set(named[1]!, text);
      } else marker.args.push(text);
    }
    out.push(marker);
  }
  return out;
}

/**
 * The markers of a declaration: its attribute lists and the docblock just before it (comments between attributes
 * and the declaration are rare; a docblock separated from it by other code is not its own).
 */
export function markersOf(declaration: Node, resolve: (written: string) => string): Marker[] {
  const out: Marker[] = [];
  const before = declaration.previousNamedSibling;
  if (before?.type === 'comment' && before.text.startsWith('/**') && before.endPosition.row >= declaration.startPosition.row - 1) {
    out.push(...docblockMarkers(before.text, resolve));
  }
  for (const child of declaration.namedChildren) if (child?.type === 'attribute_list') out.push(...attributeMarkers(child, resolve));
  return out;
}
