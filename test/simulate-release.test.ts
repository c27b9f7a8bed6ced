/**
 * The simulation lets go of its state once its results are collected (Engine.release): V8 may keep a function of
 * the engine, and through it the engine, alive for a while after the simulation (an optimizing compile running in
 * the background), and the engine's tables then stayed in memory through the later stages — about 400 MB on the
 * 1M-line synthetic repository in half of the runs. The results must not depend on the state released.
 */
import { describe, expect, it } from 'vitest';
import { nameSensitivity } from '../src/classify/sensitivity.js';
import { extractTree } from '../src/pipeline/scan.js';
import { Engine } from '../src/simulate/engine.js';
import { knownColumns, simulate } from '../src/simulate/index.js';
import { Program } from '../src/simulate/program.js';
import { collectFlows, collectJobs } from '../src/simulate/results.js';
import { DEMO } from './helpers/cli.js';
import { scanOptions } from './helpers/scan.js';

describe('the simulation after its results are collected', () => {
  it('keeps its results and drops its summaries, unit results and labels', async () => {
    const tree = await extractTree(await scanOptions(DEMO, { jobs: 1 }));
    const engine = new Engine(new Program(tree.files), { sensitivity: nameSensitivity, maxRuns: 4 });
    // As simulate() sets it up: the columns the facts declare.
    for (const [asset, names] of knownColumns(tree.files)) engine.tableColumns.set(asset, new Set(names));
    engine.run();
    const flows = collectFlows(engine);
    const jobs = collectJobs(engine);
    expect(flows.length).toBeGreaterThan(5);
    expect(engine.summaries.filter(Boolean).length).toBeGreaterThan(20);
    expect(engine.labels.data.length).toBeGreaterThan(20);
    const statements = engine.statements.size;

    engine.release();
    expect(engine.summaries).toHaveLength(0);
    expect(engine.results).toHaveLength(0);
    expect(engine.labels.data).toHaveLength(0);
    // What the engine hands back as results stays.
    expect(engine.statements.size).toBe(statements);
    // The results collected before are whole: the same as a simulation that keeps nothing afterwards.
    const again = simulate(tree.files, { sensitivity: nameSensitivity, maxRuns: 4 });
    expect(JSON.stringify(again.flows)).toBe(JSON.stringify(flows));
    expect(JSON.stringify(again.jobs)).toBe(JSON.stringify(jobs));
  });
});
