/**
 * Library models: every file under grammars/python/ loads with the one schema; broken entries are reported with
 * their file and line; call patterns match as documented (docs/models.md).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModels, matchesCall, ModelIndex, parseModels } from '../src/extract/models.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('library models', () => {
  it('load from every grammars/python/*.yaml file, split by concern', () => {
    const files = readdirSync(path.join(REPO_ROOT, 'grammars/python')).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual([
      'airflow.yaml', 'alembic.yaml', 'builtins.yaml', 'cloud.yaml', 'dbapi.yaml', 'django.yaml', 'files.yaml', 'http.yaml', 'logging.yaml', 'marshmallow.yaml', 'ml.yaml',
      'pandas.yaml', 'records.yaml', 'spark.yaml', 'sqlalchemy.yaml', 'tasks.yaml', 'third_party.yaml', 'warehouses.yaml', 'web.yaml',
    ]);
    const models = loadModels('python');
    expect(models.sinks.length).toBeGreaterThan(100);
    expect(models.sql.some((m) => m.call === 'pandas.read_sql')).toBe(true);
    expect(models.orm.length).toBe(4);
    expect(models.tables.map((m) => m.call)).toContain('alembic.op.create_table');
    expect(models.recordClasses.flatMap((m) => m.decorators)).toContain('dataclasses.dataclass');
    expect(models.frameworkClasses.map((m) => m.table)).toEqual(['auth_user', 'auth_group']);
  });

  it('reports a bad entry with its file and line', () => {
    const text = 'version: 1\nsinks:\n  - { call: "logging.info", kind: log }\n  - { call: "requests.post" }\n';
    expect(() => parseModels(text, 'grammars/python/broken.yaml')).toThrow(/^grammars\/python\/broken\.yaml:4: .*kind/);
    expect(() => parseModels('version: 1\nsinks:\n  - { call: "bad name!", kind: log }\n', 'x.yaml')).toThrow(/^x\.yaml:3: /);
    expect(() => parseModels('version: 1\nsinks:\n  - { call: "*.info", receiver: "(unclosed", kind: log }\n', 'y.yaml')).toThrow(/^y\.yaml:3: .*regular expression/);
    expect(() => parseModels('version: 1\nsinks: [\n', 'z.yaml')).toThrow(/^z\.yaml:\d+: /);
  });

  it('matches call patterns: exact names, `*.` receivers, `*` inside a name, `**` across names', () => {
    expect(matchesCall('pandas.read_sql', 'pandas.read_sql')).toBe(true);
    expect(matchesCall('*.execute', 'self.conn.cursor.execute')).toBe(true);
    expect(matchesCall('*.execute', 'execute')).toBe(false);
    expect(matchesCall('**.*hash*', 'hash_email')).toBe(true);
    expect(matchesCall('**.*hash*', 'util.rehash_all')).toBe(true);
    expect(matchesCall('**.*hash*', 'util.flash')).toBe(false);
    expect(matchesCall('ddtrace.tracer.**.set_tag', 'ddtrace.tracer.current_span.set_tag')).toBe(true);
    expect(matchesCall('ddtrace.tracer.**.set_tag', 'ddtrace.tracer.set_tag')).toBe(true);
    expect(matchesCall('**.write.**.parquet', 'df.write.mode.partitionBy.parquet')).toBe(true);
  });

  it('prefers exact names, then patterns with a receiver condition, and checks the receiver', () => {
    const index = new ModelIndex([
      { call: '*.info', kind: 'generic' },
      { call: '*.info', receiver: '(?i)(^|_)logger$', kind: 'logger' },
      { call: 'logging.Logger.info', kind: 'typed' },
    ]);
    expect(index.find(['logging.Logger.info', 'log.info'], 'log')?.kind).toBe('typed');
    expect(index.find(['self.audit_logger.info'], 'audit_logger')?.kind).toBe('logger');
    expect(index.find(['config.info'], 'config')?.kind).toBe('generic');
  });

  it('tries the pattern that names more of the call first, whatever the file order', () => {
    // A Django model's save() is any object's; a Spark writer's save(path) is named by its chain.
    const index = new ModelIndex([
      { call: '*.save', kind: 'any-save' },
      { call: '**.write.**.save', kind: 'writer-save' },
    ]);
    expect(index.find(['spark.read.load.write.format.mode.save'], 'mode')?.kind).toBe('writer-save');
    expect(index.find(['customer.save'], 'customer')?.kind).toBe('any-save');
  });

  it('checks argument conditions only when the caller can tell the arguments', () => {
    const index = new ModelIndex([{ call: '**.read.**.option', kind: 'table', when: [{ arg: 0, is: ['dbtable'] }] }]);
    expect(index.conditionalFor(['spark.read.format.option'])).toBe(true);
    expect(index.conditionalFor(['spark.read.format.load'])).toBe(false);
    expect(index.find(['spark.read.format.option'], undefined, (i) => (i === 0 ? { text: 'dbtable' } : undefined))?.kind).toBe('table');
    expect(index.find(['spark.read.format.option'], undefined, (i) => (i === 0 ? { text: 'url' } : undefined))).toBeUndefined();
    expect(index.find(['spark.read.format.option'], undefined)).toBeUndefined();
  });
});

describe('Python reads and writes named by an argument', () => {
  it('are none when the call leaves that argument out: to_csv() returns text, load() keeps what option() read', async () => {
    const report = await scanReport(writeTree({
      'job.py': [
        'import pandas as pd',
        '',
        '',
        'def export(conn):',
        '    frame = pd.read_sql("SELECT email FROM customers", conn)',
        '    text = frame.to_csv()',
        '    frame.to_csv("exports/customers.csv")',
        '    return text',
        '',
      ].join('\n'),
    }));
    expect(report.jobs.filter((j) => j.kind === 'function').map((j) => `${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`))
      .toEqual(['export: table:customers -> file:exports/customers.csv']);
    expect(report.flows.map((f) => `${f.sink.line} ${f.sink.kind}`)).toEqual(['7 file']);
  });
});
