import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, REPO_ROOT, runCli, TEST_CACHE_HOME } from './helpers/cli.js';

describe('lineage CLI', () => {
  it('prints a text summary of the demo', () => {
    const result = runCli(['scan', DEMO]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Files\s+24 files analysed/);
    expect(result.stdout).toMatch(/python\s+8 files/);
    expect(result.stdout).toContain('Lineage  20 assets, 35 jobs, 18 edges, 11 sensitive flows');
    expect(result.stdout).toContain('warehouse/models/staging/stg_users.sql:2  create_view  raw.users -> staging.stg_users');
    expect(result.stdout).toContain('etl/export_users.py:24  log logging.Logger.info  raw.users.email (user.contact.email)');
    expect(result.stdout).not.toMatch(/\x1b\[/);
  });

  it('colors the text report only when asked to (FORCE_COLOR) and never with NO_COLOR', () => {
    expect(runCli(['scan', DEMO], { env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).toMatch(/\x1b\[/);
    expect(runCli(['scan', DEMO], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
  });

  it('writes the report to --output and says so on stderr unless --quiet', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'lineage-cli-')), 'report.json');
    const result = runCli(['scan', DEMO, '--format', 'json', '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('wrote json report');
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe('1');
    const quiet = runCli(['scan', DEMO, '--format', 'json', '-o', out, '--quiet']);
    expect(quiet.stderr).toBe('');
  });

  it.each([
    [['scan', '--bogus'], /^lineage: error: unknown option '--bogus'\n$/],
    [['scan', DEMO, '--format', 'xml'], /^lineage: error: --format: expected one of text, json, sarif, openlineage, dot, mermaid, html, got 'xml'\n$/],
    [['scan', DEMO, '--dialect', 'foosql'], /^lineage: error: --dialect: unknown dialect 'foosql' \(expected one of: .*snowflake.*\)\n$/],
    [['scan', DEMO, '--max-file-size', 'lots'], /^lineage: error: --max-file-size: expected a size such as 2000000, 500k or 2MB, got 'lots'\n$/],
    [['scan', '/no/such/folder'], /^lineage: error: \/no\/such\/folder: no such folder\n$/],
    [['frobnicate'], /^lineage: error: unknown command 'frobnicate'\n$/],
  ])('rejects %j with one clear line and exit code 2', (args, message) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('accepts the dialect names users type', () => {
    for (const name of ['postgresql', 'mssql', 'sparksql', 'presto', 'BigQuery']) {
      expect(runCli(['scan', DEMO, '--dialect', name, '--format', 'json', '-q']).code).toBe(0);
    }
  });

  it('has --help with examples and exit codes, and --version', () => {
    const help = runCli(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('Exit codes:');
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ends quietly, with the exit code it would have had, when its reader stops reading (`lineage scan | head`)', async () => {
    const run = (args: string[]) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/lineage.js'), ...args], {
        env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: TEST_CACHE_HOME },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Like `head -c 1`: the first bytes, then the pipe is closed.
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(await run(['scan', DEMO, '--format', 'json', '--no-cache'])).toEqual({ code: 0, stderr: '' });
    expect(await run(['scan', DEMO, '--format', 'json', '--no-cache', '--fail-on', 'policy'])).toEqual({ code: 1, stderr: '' });
  });

  it('does not leave files behind in the scanned tree', () => {
    expect(existsSync(path.join(DEMO, '.lineage-cache'))).toBe(false);
  });
});

describe('every command has help with examples and exit codes', () => {
  it.each(['scan', 'query', 'explain', 'diff', 'impact', 'validate', 'suggest'])('%s --help', (command) => {
    const help = runCli([command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toMatch(/Exit codes: 0 /);
  });
});
