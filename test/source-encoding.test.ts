import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../src/discover/read.js';
import { declaredEncoding, decoderFor } from '../src/discover/source-encoding.js';
import { runCli } from './helpers/cli.js';
import { writeTree } from './helpers/tree.js';

const FIXTURE = path.resolve('fixtures/legacy-encodings');
const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('declared source encodings (PEP 263)', () => {
  it('reads a declaration on the first line, or on the second after a comment or blank line', () => {
    expect(declaredEncoding(bytes('# -*- coding: koi8-r -*-\nx = 1\n'), 'python')).toEqual({ name: 'koi8-r', line: 1 });
    expect(declaredEncoding(bytes('#!/usr/bin/env python3\n# vim: set fileencoding=latin-1 :\n'), 'python'))
      .toEqual({ name: 'latin-1', line: 2 });
    expect(declaredEncoding(bytes('\n#coding=cp1252\n'), 'python')).toEqual({ name: 'cp1252', line: 2 });
    // After a line of code, or on the third line, a coding comment is only a comment.
    expect(declaredEncoding(bytes('import os\n# coding: latin-1\n'), 'python')).toBeUndefined();
    expect(declaredEncoding(bytes('#!/bin/python\n\n# coding: latin-1\n'), 'python')).toBeUndefined();
    expect(declaredEncoding(bytes('x = "coding: latin-1"\n'), 'python')).toBeUndefined();
  });

  it('lets a UTF-8 byte order mark win, and ignores the comment in other languages', () => {
    expect(declaredEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('# coding: latin-1\n')]), 'python')).toBeUndefined();
    expect(declaredEncoding(bytes('# coding: latin-1\n'), 'php')).toBeUndefined();
    expect(declaredEncoding(bytes('-- coding: latin-1\n'), 'sql')).toBeUndefined();
  });

  it("maps Python's encoding names to decoders", () => {
    expect(decoderFor('UTF_8')).toEqual({ kind: 'utf-8' });
    expect(decoderFor('utf-8-sig')).toEqual({ kind: 'utf-8' });
    expect(decoderFor('ascii')).toEqual({ kind: 'utf-8' });
    expect(decoderFor('Latin-1')).toEqual({ kind: 'latin-1' });
    expect(decoderFor('iso_8859_1')).toEqual({ kind: 'latin-1' });
    expect(decoderFor('koi8_r')).toEqual({ kind: 'whatwg', label: 'koi8-r' });
    expect(decoderFor('cp1251')).toEqual({ kind: 'whatwg', label: 'windows-1251' });
    expect(decoderFor('euc_jp')).toEqual({ kind: 'whatwg', label: 'euc-jp' });
    expect(decoderFor('shift-jis')).toEqual({ kind: 'whatwg', label: 'shift_jis' });
    expect(decoderFor('iso-8859-15')).toEqual({ kind: 'whatwg', label: 'iso-8859-15' });
    // Not ASCII-compatible, or not an encoding at all.
    expect(decoderFor('utf-16')).toEqual({ kind: 'unknown' });
    expect(decoderFor('iso-2022-kr')).toEqual({ kind: 'unknown' });
    expect(decoderFor('uft-8')).toEqual({ kind: 'unknown' });
  });

  it('decodes Latin-1 as ISO-8859-1 proper, not as windows-1252', () => {
    const read = decodeSource('a.py', Buffer.concat([bytes('# coding: latin-1\ns = "'), Buffer.from([0x80, 0xe9]), bytes('"\n')]), 'python');
    expect(read.ok && read.source.text).toBe('# coding: latin-1\ns = "\u0080\u00e9"\n');
    expect(read.ok && read.source.gaps).toEqual([]);
  });

  it('reads the same bytes as UTF-8 when nothing is declared', () => {
    const read = decodeSource('a.py', Buffer.concat([bytes('s = "'), Buffer.from([0xe9]), bytes('"\n')]), 'python');
    expect(read.ok && read.source.gaps.map((g) => g.kind)).toEqual(['invalid-utf8']);
  });
});

describe('scanning files in legacy encodings', () => {
  let report: ReturnType<typeof JSON.parse> | undefined;
  const scan = () => {
    if (report === undefined) {
      const result = runCli(['scan', FIXTURE, '--format', 'json', '--no-cache']);
      expect(result.code).toBe(0);
      report = JSON.parse(result.stdout);
    }
    return report;
  };

  it('analyses string literals as Python reads them', () => {
    const report = scan();
    const sql = Object.fromEntries(report.jobs.map((j: { file: string; sql: string }) => [j.file, j.sql]));
    expect(sql).toEqual({
      'billing/invoices.py': "INSERT INTO billing.factures (client_id, montant, devise, libellé) VALUES (?, ?, '€', 'Réglé')",
      'crm/export_clients.py': 'SELECT email, full_name AS "клиент" FROM crm.clients WHERE city = %s',
      'legacy/typo_coding.py': 'DELETE FROM legacy.sessions WHERE expires_at < now()',
      'tools/sync_pages.py': 'SELECT id, title FROM cms.pages',
    });
  });

  it('reports an unknown encoding and bytes the declared one cannot read, and nothing for good files', () => {
    const report = scan();
    expect(report.gaps.map((g: { kind: string; file: string; line: number }) => `${g.kind} ${g.file}:${g.line}`)).toEqual([
      'unknown-encoding legacy/typo_coding.py:1',
      'invalid-encoding tools/sync_pages.py:6',
    ]);
    expect(report.gaps[0].detail).toContain("'uft-8'");
    expect(report.gaps[1].detail).toContain('euc-jp');
  });

  it("shows findings' code lines decoded the same way", () => {
    const finding = scan().findings.find((f: { file: string }) => f.file === 'crm/export_clients.py');
    expect(finding.snippet).toBe('log.info("выгружен клиент %s", email)');
  });

  it('without the declaration the same bytes are invalid UTF-8', () => {
    const koi8 = readFileSync(path.join(FIXTURE, 'crm/export_clients.py')).toString('latin1');
    const root = writeTree({});
    const undeclared = koi8.replace('# -*- coding: koi8-r -*-\n', '');
    writeFileSync(path.join(root, 'export_clients.py'), Buffer.from(undeclared, 'latin1'));
    const report = JSON.parse(runCli(['scan', root, '--format', 'json', '--no-cache']).stdout);
    expect(report.gaps.map((g: { kind: string }) => g.kind)).toEqual(['invalid-utf8']);
    expect(report.jobs[0].sql).toContain('\uFFFD');
  });
});
