/**
 * Import statements -> IR imports (local name -> absolute dotted target) and the file's alias table. Relative
 * imports are made absolute from the file's own package.
 */
import type { SyntaxNode as Node } from '../syntax-tree.js';
import type { FileContext } from './context.js';

/**
 * `etl/db.py` -> `etl.db`; `etl/__init__.py` -> `etl`; the package is `etl` for both. With `rootPackage` (the scan
 * root is itself that package, see root-package.ts), `db.py` -> `etl.db` too.
 */
export function moduleOf(file: string, rootPackage?: string): { module: string; package: string } {
  const segments = file.replace(/\.pyi?$/, '').split('/');
  if (rootPackage !== undefined) segments.unshift(rootPackage);
  const isPackage = segments[segments.length - 1] === '__init__';
  if (isPackage) segments.pop();
  const module = segments.join('.');
  return { module, package: isPackage ? module : segments.slice(0, -1).join('.') };
}

function absolute(ctx: FileContext, relative: string): string {
  const dots = /^\.*/.exec(relative)![0].length;
  if (dots === 0) return relative;
  const base = ctx.packageName.split('.').filter((s) => s !== '');
  const up = base.slice(0, Math.max(0, base.length - (dots - 1)));
  const rest = relative.slice(dots);
  return [...up, ...(rest ? [rest] : [])].join('.');
}

function record(ctx: FileContext, local: string, target: string, line: number): void {
  ctx.aliases.set(local, target);
  ctx.imports.push({ local, target, line });
}

export function recordImport(ctx: FileContext, node: Node): void {
  const line = node.startPosition.row + 1;
  if (node.type === 'import_statement') {
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text;
        const alias = child.childForFieldName('alias')?.text;
        if (name && alias) record(ctx, alias, name, line);
      } else {
        // `import a.b.c` binds `a`; `a.b.c.f` resolves through it.
        const head = child.text.split('.', 1)[0]!;
        record(ctx, head, head, line);
      }
    }
    return;
  }
  // import_from_statement
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return;
  const from = absolute(ctx, moduleNode.text.replace(/\s+/g, ''));
  let any = false;
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    any = true;
    if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name')?.text;
      const alias = child.childForFieldName('alias')?.text;
      if (name && alias) record(ctx, alias, from ? `${from}.${name}` : name, line);
    } else record(ctx, child.text, from ? `${from}.${child.text}` : child.text, line);
  }
  if (!any && node.namedChildren.some((c) => c?.type === 'wildcard_import')) ctx.imports.push({ local: '*', target: `${from}.*`, line });
}
