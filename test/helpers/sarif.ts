/**
 * Runs the SARIF Multitool validator (npm @microsoft/sarif-multitool, a pinned devDependency) the way the docs
 * ask: `validate --level "Error;Warning;Note" --rule-kind "Gh;Sarif"`. The Linux binary ships in
 * @microsoft/sarif-multitool-linux; its postinstall only makes it executable, so with `npm ci --ignore-scripts`
 * this helper does that itself.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LOCAL_DEAD_END = 'http://127.0.0.1:9';

export interface ValidationResult {
  level: string;
  ruleId: string;
  message: string;
}

export function multitoolPath(): string {
  const require = createRequire(import.meta.url);
  const binary = path.join(path.dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`)), 'Sarif.Multitool');
  if ((statSync(binary).mode & 0o100) === 0) chmodSync(binary, 0o755);
  return binary;
}

/**
 * Validates SARIF logs in one run of the validator; returns, per log name, every problem it reports (errors,
 * warnings and notes).
 */
export function validateSarif(logs: Record<string, string>): Record<string, ValidationResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineage-sarif-'));
  const inputs = Object.entries(logs).map(([name, text]) => {
    const file = path.join(dir, `${name.replace(/[^\w-]+/g, '_')}.sarif`);
    writeFileSync(file, text);
    return { name, file };
  });
  const output = path.join(dir, 'validation.sarif.json');
  const run = spawnSync(multitoolPath(), [
    'validate', '--level', 'Error;Warning;Note', '--rule-kind', 'Gh;Sarif', ...inputs.map((i) => i.file),
    '--output', output, '--log', 'ForceOverwrite', '--quiet',
  ], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // Rule SARIF2006 tries to GET every http(s) URI in the log: send it to a closed local port, never outside.
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', HTTP_PROXY: LOCAL_DEAD_END, HTTPS_PROXY: LOCAL_DEAD_END, NO_PROXY: '' },
  });
  if (run.error) throw run.error;
  const log = JSON.parse(readFileSync(output, 'utf8')) as {
    runs: Array<{ results?: Array<{
      level?: string; ruleId: string; message: { text?: string; id?: string; arguments?: string[] };
      locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }>;
    }> }>;
  };
  const byName: Record<string, ValidationResult[]> = Object.fromEntries(inputs.map((i) => [i.name, []]));
  for (const r of log.runs[0]?.results ?? []) {
    const uri = decodeURIComponent(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '');
    const input = inputs.find((i) => uri.endsWith(path.basename(i.file)));
    const message = r.message.text ?? `${r.message.id}: ${(r.message.arguments ?? []).join(' | ')}`;
    (byName[input?.name ?? '(unknown)'] ??= []).push({ level: r.level ?? 'warning', ruleId: r.ruleId, message });
  }
  return byName;
}
