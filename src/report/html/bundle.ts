/**
 * A minimal module joiner for the HTML report's browser code, so the build needs no bundler: tsc compiles
 * `client/*.ts` to ES modules, and this turns them into one classic script. It accepts the subset tsc emits for that
 * code — named imports of sibling modules (`import { a, b as c } from './x.js';`) and exported declarations
 * (`export function`, `export const`, `export class`) — and rejects anything else, so a construct it does not
 * understand fails the build instead of breaking the page. Each module runs in its own function scope, in
 * dependency order.
 */

const IMPORT = /^import\s*(?:\{([^}]*)\}\s*from\s*)?['"]\.\/([\w.-]+)['"];?[ \t]*$/gm;
const EXPORT_DECLARATION = /^export\s+(?:async\s+)?(function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/gm;

interface ParsedModule {
  name: string;
  dependencies: string[];
  body: string;
  exports: string[];
}

function parseModule(name: string, code: string): ParsedModule {
  const dependencies: string[] = [];
  let body = code.replace(/^\/\/# sourceMappingURL=.*$/gm, '').replace(IMPORT, (_, names: string | undefined, from: string) => {
    dependencies.push(from);
    if (names === undefined || names.trim() === '') return '';
    const bindings = names.split(',').map((n) => n.trim()).filter((n) => n !== '').map((n) => {
      const [imported, local] = n.split(/\s+as\s+/);
      return local === undefined ? imported : `${imported}: ${local}`;
    });
    return `const { ${bindings.join(', ')} } = __modules[${JSON.stringify(from)}];`;
  });
  const exports: string[] = [];
  body = body.replace(EXPORT_DECLARATION, (match, _kind: string, exported: string) => {
    exports.push(exported);
    return match.replace(/^export\s+/, '');
  });
  const leftover = /^\s*(import|export)\b.*$/m.exec(body);
  if (leftover) throw new Error(`${name}: unsupported module syntax for the HTML bundle: ${leftover[0].trim()}`);
  return { name, dependencies, body, exports };
}

/** Modules (file name -> compiled code) -> one script running `entry` and what it imports. */
export function bundleModules(modules: ReadonlyMap<string, string>, entry: string): string {
  const parsed = new Map<string, ParsedModule>();
  const order: ParsedModule[] = [];
  const visiting = new Set<string>();
  // Iterative depth-first post-order, so the import graph's depth cannot overflow the stack.
  const stack: Array<{ name: string; next: number }> = [{ name: entry, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    let module = parsed.get(top.name);
    if (!module) {
      const code = modules.get(top.name);
      if (code === undefined) throw new Error(`the HTML bundle imports ${top.name}, which was not compiled`);
      module = parseModule(top.name, code);
      parsed.set(top.name, module);
      visiting.add(top.name);
    }
    if (top.next < module.dependencies.length) {
      const dependency = module.dependencies[top.next++]!;
      if (visiting.has(dependency)) throw new Error(`import cycle in the HTML bundle: ${top.name} -> ${dependency}`);
      if (!order.some((m) => m.name === dependency)) stack.push({ name: dependency, next: 0 });
      continue;
    }
    visiting.delete(top.name);
    order.push(module);
    stack.pop();
  }
  const parts = order.map((m) => `__modules[${JSON.stringify(m.name)}] = (() => {\n${m.body.trim()}\nreturn { ${m.exports.join(', ')} };\n})();`);
  return `(() => {\n"use strict";\nconst __modules = {};\n${parts.join('\n')}\n})();\n`;
}
