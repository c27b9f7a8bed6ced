/**
 * FileFacts[] -> LineageGraph. Knows no language: it reads SQL steps wherever they come from. Everything is
 * sorted so the graph is the same whatever order the files arrive in.
 */
import { PLACEHOLDER_PREFIX, shownSql, type FileFacts, type SqlStatement } from '../facts/schema.js';
import { assetKind, assetName, compareStrings, jobId, naturalCompare } from './ids.js';
import type { Asset, CodeLineage, Edge, Job, LineageGraph, Location } from './model.js';
import { declaredAsset } from '../simulate/naming.js';
import { moduleTexts, standInName } from '../simulate/stand-ins.js';
import { baseName } from '../simulate/unit-names.js';

interface AssetDraft {
  columns: Set<string>;
  defined: Map<string, Location>;
  read: Map<string, Location>;
}

function locationKey(location: Location): string {
  return `${location.file}\u0000${String(location.line).padStart(9, '0')}`;
}

function sortedLocations(map: Map<string, Location>): Location[] {
  return [...map.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, location]) => location);
}

/**
 * Placeholders of SQL built in code (`__lineage_p0__`, see docs/ir.md) stand for values computed at run time: a
 * table named by one is not known here (the simulator names it where callers pass a constant), and one in a
 * column position (`WHERE id = __lineage_p1__`) is a value, not a column.
 */
function withoutPlaceholders(statement: SqlStatement): SqlStatement {
  const known = (id: string) => !id.includes(PLACEHOLDER_PREFIX);
  const mentions = [...statement.inputs, ...statement.outputs, ...statement.defines.flatMap((d) => d.columns),
    ...statement.columnLineage.flatMap((l) => [l.output.column, ...l.inputs.map((i) => i.column)])];
  if (mentions.every(known)) return statement;
  return {
    ...statement,
    inputs: statement.inputs.filter(known),
    outputs: statement.outputs.filter(known),
    defines: statement.defines.filter((d) => known(d.asset)).map((d) => ({ ...d, columns: d.columns.filter(known) })),
    columnLineage: statement.columnLineage
      .filter((l) => known(l.output.asset) && known(l.output.column))
      .map((l) => ({ ...l, inputs: l.inputs.filter((i) => known(i.asset) && known(i.column)) })),
  };
}

/** What a function job does, by what it writes: `train` when it writes a model, else `transform`. */
function functionOperation(outputs: readonly string[]): string {
  return outputs.some((id) => assetKind(id) === 'model') ? 'train' : 'transform';
}

export function buildGraph(files: readonly FileFacts[], code?: CodeLineage): LineageGraph {
  const drafts = new Map<string, AssetDraft>();
  const draft = (id: string): AssetDraft => {
    let entry = drafts.get(id);
    if (!entry) drafts.set(id, (entry = { columns: new Set(), defined: new Map(), read: new Map() }));
    return entry;
  };
  const jobs: Job[] = [];
  const functionPairs = new Map<string, ReadonlyArray<readonly [string, string]>>();

  const ordered = [...files].sort((a, b) => compareStrings(a.file, b.file));
  // Each file's code jobs by unit, gathered once (filtering every job for every file took seconds on large trees).
  const jobsByFile = new Map<string, Map<string, CodeLineage['jobs'][number]>>();
  // Jobs of inherited methods by the class that runs them (`<file>\0<class>`), in method name order.
  const inheritedJobs = new Map<string, Array<CodeLineage['jobs'][number]>>();
  for (const job of code?.jobs ?? []) {
    if (job.inherited) {
      const owner = `${job.file}\u0000${job.unit.slice(0, job.unit.lastIndexOf('.'))}`;
      const list = inheritedJobs.get(owner);
      if (list) list.push(job);
      else inheritedJobs.set(owner, [job]);
      continue;
    }
    let byUnit = jobsByFile.get(job.file);
    if (!byUnit) jobsByFile.set(job.file, (byUnit = new Map()));
    byUnit.set(job.unit, job);
  }
  for (const list of inheritedJobs.values()) list.sort((a, b) => compareStrings(a.unit, b.unit));
  // A framework's class the program replaces with a class of its own (a custom user model) is not used.
  const ownMapped = new Set(ordered.flatMap((facts) => facts.units.filter((unit) => unit.asset && !unit.asset.framework).map((unit) => baseName(unit.name))));
  const texts = moduleTexts(ordered.flatMap((facts) => facts.units.filter((unit) => unit.kind === 'module')));
  const replaced = (asset: NonNullable<FileFacts['units'][number]['asset']>) => standInName(asset, texts, (name) => ownMapped.has(name)) !== undefined;
  for (const facts of ordered) {
    let ordinal = 0;
    const units = [...facts.units].sort((a, b) => a.line - b.line || compareStrings(a.name, b.name));
    const codeJobs = jobsByFile.get(facts.file) ?? new Map();
    for (const unit of units) {
      if (unit.asset && !replaced(unit.asset)) {
        // A class an ORM maps to a table declares the table and its columns, like DDL; a framework's class (an
        // import of it) gives the columns of the framework's table, referenced there.
        const location = { file: facts.file, line: unit.line };
        const entry = draft(`${unit.asset.kind}:${unit.asset.name}`);
        unit.asset.columns.forEach((c) => entry.columns.add(c));
        (unit.asset.framework ? entry.read : entry.defined).set(locationKey(location), location);
      }
      const resolved = code?.statements.get(`${facts.file}\u0000${unit.name}`);
      unit.steps.forEach((step, stepIndex) => {
        const declared = declaredAsset(step);
        if (declared) {
          // A table declared in code (SQLAlchemy's Table, Alembic's create_table) declares its columns, like DDL.
          const location = { file: facts.file, line: step.line };
          const entry = draft(declared.id);
          declared.columns.forEach((c) => entry.columns.add(c));
          entry.defined.set(locationKey(location), location);
          return;
        }
        // A statement with table holes reads as the simulation spelled it, where it could.
        const found = step.op === 'sql' ? resolved?.get(stepIndex) ?? [step.statement] : step.op === 'query' ? resolved?.get(stepIndex) ?? [] : [];
        for (const raw of found) {
        const statement = withoutPlaceholders(raw);
        const location = { file: facts.file, line: statement.line };
        for (const defined of statement.defines) {
          const entry = draft(defined.asset);
          defined.columns.forEach((c) => entry.columns.add(c));
          entry.defined.set(locationKey(location), location);
        }
        for (const output of statement.outputs) draft(output).defined.set(locationKey(location), location);
        for (const input of statement.inputs) draft(input).read.set(locationKey(location), location);
        for (const lineage of statement.columnLineage) {
          if (lineage.output.column !== '*') draft(lineage.output.asset).columns.add(lineage.output.column);
          for (const input of lineage.inputs) if (input.column !== '*') draft(input.asset).columns.add(input.column);
        }
        if (statement.inputs.length + statement.outputs.length === 0) continue;
        ordinal++;
        const callee = step.op === 'sql' || step.op === 'query' ? step.callee : undefined;
        jobs.push({
          id: jobId(facts.file, ordinal),
          kind: 'sql',
          file: facts.file,
          line: statement.line,
          unit: unit.name,
          operation: statement.operation,
          dialect: statement.dialect,
          confidence: statement.confidence,
          ...(callee ? { callee, callLine: step.line } : {}),
          sql: shownSql(statement.text),
          inputs: [...new Set(statement.inputs)].sort(compareStrings),
          outputs: [...new Set(statement.outputs)].sort(compareStrings),
          columnLineage: statement.columnLineage,
          ...(statement.temporary ? { temporary: [...statement.temporary].sort(compareStrings) } : {}),
        });
        }
      });
      const own = codeJobs.get(unit.name);
      // A class's jobs follow it: the methods it inherits, run with its objects (by method name).
      const inherited = unit.kind === 'class' ? inheritedJobs.get(`${facts.file}\u0000${unit.name}`) ?? [] : [];
      for (const job of own ? [own, ...inherited] : inherited) {
        ordinal++;
        const location = { file: facts.file, line: job.line };
        for (const output of job.outputs) draft(output).defined.set(locationKey(location), location);
        for (const input of job.inputs) draft(input).read.set(locationKey(location), location);
        for (const lineage of job.columnLineage) {
          if (lineage.output.column !== '*') draft(lineage.output.asset).columns.add(lineage.output.column);
          for (const input of lineage.inputs) if (input.column !== '*') draft(input.asset).columns.add(input.column);
        }
        const id = jobId(facts.file, ordinal);
        jobs.push({
          id, kind: 'function', file: facts.file, line: job.line, unit: job.unit,
          operation: functionOperation(job.outputs), confidence: 'high',
          inputs: job.inputs, outputs: job.outputs, columnLineage: job.columnLineage,
          ...(job.inherited ? { inherited: job.inherited } : {}),
        });
        if (job.pairs) functionPairs.set(id, job.pairs);
      }
    }
  }

  const edgeJobs = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string, job: string) => {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    let set = edgeJobs.get(key);
    if (!set) edgeJobs.set(key, (set = new Set()));
    set.add(job);
  };
  for (const job of jobs) {
    // A function's edges are the inputs each of its writes carries; a statement's, all its inputs to its outputs.
    const pairs = functionPairs.get(job.id);
    if (pairs) for (const [from, to] of pairs) addEdge(from, to, job.id);
    else for (const from of job.inputs) for (const to of job.outputs) addEdge(from, to, job.id);
  }
  const edges: Edge[] = [...edgeJobs.entries()]
    .map(([key, set]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return { from, to, jobs: [...set].sort(naturalCompare) };
    })
    .sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));

  const assets: Asset[] = [...drafts.entries()]
    .map(([id, entry]) => ({
      id,
      kind: assetKind(id),
      name: assetName(id),
      columns: [...entry.columns].sort(compareStrings),
      locations: sortedLocations(entry.defined.size > 0 ? entry.defined : entry.read),
    }))
    .sort((a, b) => compareStrings(a.id, b.id));

  jobs.sort((a, b) => compareStrings(a.file, b.file) || naturalCompare(a.id, b.id));
  return { assets, jobs, edges };
}
