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

/** `@ORM\Column(name="e_mail", type="string")` and the like, in a docblock. */
const ANNOTATION = /@([A-Za-z_\\][\w\\]*)[ \t]*(\((?:[^()"']|"[^"]*"|'[^']*')*\))?/g;
const ANNOTATION_ARGUMENT = /(?:([A-Za-z_]\w*)\s*[=:]\s*)?("[^"]*"|'[^']*'|[^,\s)]+)/g;

/** A docblock annotation's quoted value, as written: annotations have no escapes (`"App\Repository\Customers"` names a class). */
function annotationString(text: string): string | undefined {
  const match = /^(['"])([^'"]*)\1$/.exec(text.trim());
  return match ? match[2] : undefined;
}

function docblockMarkers(comment: string, resolve: (written: string) => string): Marker[] {
  const out: Marker[] = [];
  for (const match of comment.matchAll(ANNOTATION)) {
    const marker: Marker = { name: resolve(match[1]!), args: [], named: new Map() };
    const inner = match[2]?.slice(1, -1) ?? '';
    for (const argument of inner.matchAll(ANNOTATION_ARGUMENT)) {
      const text = annotationString(argument[2]!);
      if (argument[1] !== undefined) {
        if (text !== undefined) marker.named.set(argument[1], text);
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
