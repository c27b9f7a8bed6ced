/**
 * Per-path settings of the manifest: the SQL dialect of a folder, and files to skip there. When several entries
 * match a file, the last one with a dialect decides the dialect; any entry's `exclude` can skip it.
 */
import { patternMatcher } from '../discover/ignore-rules.js';
import type { DialectInfo } from '../extract/sql/dialects.js';
import { pathMatcher } from './globs.js';
import type { PathSetting } from './model.js';

export interface PathSettings {
  excluded(file: string): boolean;
  dialectFor(file: string): DialectInfo | undefined;
}

export function pathSettings(settings: readonly PathSetting[]): PathSettings {
  const compiled = settings.map((setting) => ({
    setting,
    applies: pathMatcher(setting.path),
    excludes: patternMatcher(setting.exclude),
  }));
  return {
    excluded: (file) => compiled.some(({ applies, excludes }) => applies(file) && excludes(file)),
    dialectFor(file) {
      let dialect: DialectInfo | undefined;
      for (const { setting, applies } of compiled) if (setting.dialect && applies(file)) dialect = setting.dialect;
      return dialect;
    },
  };
}
