/**
 * The class of the program that stands in for a framework's class (a custom user model): the one a module-level name
 * of the program names by its text (`AUTH_USER_MODEL = "accounts.Account"`: `Account`), else the one named as the
 * class's `swappable` name says (`User`). The simulator and the graph both ask it.
 */
import type { AssetBinding, Unit } from '../facts/schema.js';

/** The text a module-level name is assigned in the program (`moduleTexts`), if any. */
export type ModuleTexts = (name: string) => string | undefined;

/** The texts module units assign to plain names (`AUTH_USER_MODEL = "accounts.Account"`): the first such module's. */
export function moduleTexts(modules: Iterable<Unit>): ModuleTexts {
  const found = new Map<string, string | undefined>();
  const units = [...modules];
  return (name) => {
    if (found.has(name)) return found.get(name);
    let text: string | undefined;
    for (const unit of units) {
      for (const step of unit.steps) {
        if (step.op !== 'assign' || step.target.name !== name || step.target.path || step.value.length !== 1) continue;
        const part = step.value[0]!;
        if ('lit' in part && typeof part.lit === 'string') text = part.lit;
      }
      if (text !== undefined) break;
    }
    found.set(name, text);
    return text;
  };
}

/** The name of the program's class that stands in for a framework's class, when the program maps one. */
export function standInName(asset: AssetBinding | undefined, texts: ModuleTexts, mapped: (name: string) => boolean): string | undefined {
  if (!asset?.framework) return undefined;
  const setting = asset.swappableBy !== undefined ? texts(asset.swappableBy) : undefined;
  const named = setting?.slice(setting.lastIndexOf('.') + 1);
  if (named !== undefined && mapped(named)) return named;
  return asset.swappable !== undefined && mapped(asset.swappable) ? asset.swappable : undefined;
}
