/** Text report sections for governance: findings (with their code line and path) and coverage as a small table. */
import type pc from 'picocolors';
import type { Finding, Report } from '../json/schema.js';

type Colors = ReturnType<typeof pc.createColors>;

const number = (n: number) => n.toLocaleString('en-US');
const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`);
const ofWhole = (part: number, whole: number) => `${number(part)} of ${number(whole)} (${percent(part, whole)})`;

function levelLabel(c: Colors, level: Finding['level']): string {
  if (level === 'error') return c.red('error  ');
  if (level === 'warning') return c.yellow('warning');
  return c.dim('note   ');
}

function findingLines(c: Colors, finding: Finding): string[] {
  const lines = [`  ${levelLabel(c, finding.level)}  ${c.cyan(`${finding.file}:${finding.line}`)}  ${c.bold(finding.ruleId)}${finding.policy ? c.dim(` (${finding.policy})`) : ''}${finding.baseline === 'new' ? c.magenta(' new') : ''}`];
  lines.push(`           ${finding.message}`);
  if (finding.snippet) lines.push(c.dim(`           ${String(finding.line).padStart(5)} | ${finding.snippet}`));
  if (finding.path && finding.path.length > 1) {
    lines.push(`           ${c.dim('path')}  ${finding.path.map((step) => `${c.cyan(`${step.file}:${step.line}`)} ${step.note}`).join(c.dim('  ->  '))}`);
  }
  if (finding.hint) lines.push(`           ${c.dim('fix')}   ${finding.hint}`);
  return lines;
}

export function findingsSection(report: Report, c: Colors, limit: number): string[] {
  if (report.findings.length === 0) return [];
  const active = report.findings.filter((f) => !f.suppression);
  const suppressed = report.findings.length - active.length;
  const shown = report.baseline ? active.filter((f) => f.baseline === 'new') : active;
  const levels = (['error', 'warning', 'note'] as const)
    .map((level) => [level, shown.filter((f) => f.level === level).length] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${number(n)} ${level}${n === 1 ? '' : 's'}`);
  const head = report.baseline
    ? `${number(shown.length)} new${levels.length ? ` (${levels.join(', ')})` : ''}, ${number(active.length - shown.length)} unchanged since the baseline (not shown), ${number(report.baseline.absent)} fixed`
    : `${number(shown.length)}${levels.length ? ` (${levels.join(', ')})` : ''}`;
  const out = ['', `${c.bold('Findings')} ${head}`];
  for (const finding of shown.slice(0, limit)) out.push(...findingLines(c, finding));
  if (shown.length > limit) out.push(c.dim(`  ... and ${number(shown.length - limit)} more (--format json lists all)`));
  if (suppressed > 0) out.push(c.dim(`  ${number(suppressed)} suppressed (--format json lists them with their reasons)`));
  return out;
}

/** Columns padded to their widest cell; `right` lists the columns aligned right (numbers). */
function table(rows: string[][], right: (i: number) => boolean): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => `  ${row.map((cell, i) => (right(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

export function coverageSection(report: Report, c: Colors): string[] {
  const { coverage } = report;
  if (!coverage.assets) return [];
  const a = coverage.assets;
  const sql = coverage.sqlStatements;
  const out = ['', c.bold('Coverage')];
  out.push(...table([
    ['sensitive assets with lineage', ofWhole(a.sensitiveWithLineage, a.sensitive), `upstream ${number(a.sensitiveWithUpstream)}, downstream ${number(a.sensitiveWithDownstream)}`],
    ['sensitive assets annotated', ofWhole(a.sensitiveAnnotated, a.sensitive), `all assets: ${ofWhole(a.annotated, a.total)}`],
    ['files parsed cleanly', ofWhole(coverage.files.parsedCleanly, coverage.files.analysed), `${number(coverage.files.skipped)} skipped`],
    ['SQL statements parsed fully', ofWhole(sql.parsed, sql.total), `${number(sql.fallback)} by fallback, ${number(sql.unparsed)} not understood`],
    ['blind spots', `${number(coverage.dynamicSql)} dynamic SQL`, `${number(coverage.unresolvedCalls ?? 0)} unresolved calls`],
  ], (i) => i === 1));
  if (coverage.directories && coverage.directories.length > 0) {
    out.push('');
    out.push(...table([
      ['folder', 'files', 'clean', 'quality', 'SQL', 'fallback', 'unparsed', 'blind spots'],
      ...coverage.directories.map((d) => [
        d.path, number(d.files), number(d.parsedCleanly), `${Math.round(d.quality * 100)}%`, number(d.sqlStatements),
        number(d.sqlFallback), number(d.sqlUnparsed), number(d.blindSpots),
      ]),
    ], (i) => i > 0).map((line, i) => (i === 0 ? c.dim(line) : line)));
  }
  return out;
}
