/**
 * Jupyter notebooks (fixtures/python-notebooks): code cells are analysed as Python, and every line a flow or a
 * finding names is a line of the notebook file. Magics, shell lines and outputs are not code; notebooks in other
 * languages, broken ones and ones whose lines cannot be told apart are gaps.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookSource } from '../src/discover/notebook.js';
import { decodeSource } from '../src/discover/read.js';
import { scanReport } from './helpers/scan.js';

const FIXTURE = path.resolve('fixtures/python-notebooks');
const NOTEBOOK = 'notebooks/churn_analysis.ipynb';

describe('Jupyter notebooks', () => {
  it('follows data through code cells, at the notebook\'s own lines', async () => {
    const report = await scanReport(FIXTURE);
    expect(report.flows.map((f) => `${f.source.asset}.${f.source.column} ${f.source.file}:${f.source.line} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort()).toEqual([
      `table:customers.email ${NOTEBOOK}:30 -> file ${NOTEBOOK}:87`,
      `table:customers.email ${NOTEBOOK}:30 -> third_party ${NOTEBOOK}:89`,
      `table:customers.full_name ${NOTEBOOK}:30 -> file ${NOTEBOOK}:87`,
      `table:customers.full_name ${NOTEBOOK}:30 -> third_party ${NOTEBOOK}:89`,
    ]);
    expect(report.jobs.find((job) => job.operation === 'select')).toMatchObject({ file: NOTEBOOK, line: 31, inputs: ['table:customers', 'table:subscriptions'] });
    // Findings quote the code line, not the JSON that holds it.
    const posted = report.findings.find((f) => f.line === 89)!;
    expect(posted.snippet).toBe('requests.post("https://api.winback.example/v1/contacts", json={"email": row.email, "name": row.full_name})');
  });

  it('reads magics, shell lines and outputs as no code, so the notebook parses cleanly', async () => {
    const report = await scanReport(FIXTURE);
    expect(report.summary.languages.python).toMatchObject({ files: 2, parseErrorFiles: 0 });
    // The output of cell 2 shows `print(churned.email)`: printed text, not code (no stdout flow).
    expect(report.flows.filter((f) => f.sink.kind === 'stdout')).toEqual([]);
  });

  it('reports notebooks it cannot read as gaps', async () => {
    const report = await scanReport(FIXTURE);
    expect(report.gaps.map((g) => `${g.kind} ${g.file}:${g.line} ${g.severity}`).sort()).toEqual([
      'notebook-language notebooks/r_exploration.ipynb:0 info',
      'notebook-layout notebooks/minified_export.ipynb:1 warning',
      'notebook-unreadable notebooks/interrupted_save.ipynb:0 warning',
    ]);
    expect(report.gaps.find((g) => g.kind === 'notebook-language')!.detail).toBe('a notebook in R, not Python; not analysed');
  });

  it('keeps the file\'s line count and blanks everything but code', () => {
    const json = [
      '{',
      ' "cells": [',
      '  {"cell_type": "code", "source": [',
      '    "import os\\n",',
      '    "%env DEBUG=1\\n",',
      '    "print(os.environ[\\"HOME\\"])"',
      '  ]},',
      '  {"cell_type": "markdown", "source": ["x = 1"]}',
      ' ],',
      ' "metadata": {}',
      '}',
    ].join('\n');
    const result = notebookSource('n.ipynb', json);
    expect(result.ok && result.text.split('\n')).toEqual(['', '', '', 'import os', '', 'print(os.environ["HOME"])', '', '', '', '', ' ']);
    const read = decodeSource('n.ipynb', Buffer.from(json.replace(/\n/g, '\r\n')), 'python');
    expect(read.ok && read.source.lines).toBe(11);
  });

  it('leaves lines of multi-line strings that only look like IPython alone', () => {
    const cell = ['q = """', 'SELECT email FROM users', 'WHERE status', "  != 'closed'", '  AND id = ?', '%s, %s)', '"""', '%time run(q)', '!ls -l', 'df?', '??df.merge'];
    const json = `{"cells": [{"cell_type": "code", "source": [\n${cell.map((line) => JSON.stringify(`${line}\n`)).join(',\n')}\n]}], "metadata": {}}`;
    const result = notebookSource('s.ipynb', json);
    expect(result.ok && result.text.split('\n').slice(1, 12)).toEqual([
      'q = """', 'SELECT email FROM users', 'WHERE status', "  != 'closed'", '  AND id = ?', '%s, %s)', '"""', '', '', '', '',
    ]);
  });

  it('turns hostile JSON into a gap', () => {
    for (const text of ['['.repeat(5000) + ']'.repeat(5000), '{"cells": [ {"source": ["a\n"]} ] }', '{"cells": 1}', '"x', '{} trailing']) {
      const result = notebookSource('h.ipynb', text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.gap.kind).toBe('notebook-unreadable');
    }
  });
});
