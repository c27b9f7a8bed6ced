/**
 * Names a library gives the program from a callback the program registers: Flask-Login's `current_user` is the user
 * the function decorated `@login_manager.user_loader` loads, a row of the program's user table, in every module that
 * imports it.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ? `${f.source.asset}.${f.source.column ?? '*'}` : f.source.name}`);

const MODELS = [
  'from flask_login import UserMixin',
  'from flask_sqlalchemy import SQLAlchemy',
  '',
  'db = SQLAlchemy()',
  '',
  'class User(UserMixin, db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    email = db.Column(db.String(120), unique=True)',
  '    phone = db.Column(db.String(40))',
  '',
].join('\n');

describe('provided names', () => {
  it('mark the functions a loader decorator registers with the names they provide', async () => {
    const facts = await extractText('app/auth.py', [
      'from flask_login import LoginManager',
      'login_manager = LoginManager()',
      '',
      '@login_manager.user_loader',
      'def load_user(user_id):',
      '    return None',
      '',
      '@login_manager.request_loader',
      'def load_from_header(request):',
      '    return None',
      '',
      'def helper():',
      '    return None',
      '',
    ].join('\n'));
    expect(facts.units.filter((u) => u.kind === 'function').map((u) => `${u.name} ${(u.provides ?? []).join(',')}`)).toEqual([
      'load_user flask_login.current_user,flask_login.utils.current_user',
      'load_from_header flask_login.current_user,flask_login.utils.current_user',
      'helper ',
    ]);
  });

  it("make Flask-Login's current_user the row the user_loader loads, in every module that imports it", async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': MODELS,
      'app/auth.py': [
        'from flask_login import LoginManager',
        'from app.models import User',
        '',
        'login_manager = LoginManager()',
        '',
        '@login_manager.user_loader',
        'def load_user(user_id):',
        '    return User.query.get(int(user_id))',
        '',
      ].join('\n'),
      'app/views.py': [
        'import logging',
        'import requests',
        'from flask_login import current_user',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def account():',
        '    log.info("account page for %s", current_user.email)',
        '',
        'def subscribe():',
        '    requests.post("https://api.newsletter.example/v1/subscribers", json={"phone": current_user.phone})',
        '',
      ].join('\n'),
      // A name of its own that happens to be called so is no user.
      'app/cli.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def whoami(current_user):',
        '    log.info("running as %s", current_user.id)',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      'app/views.py:8 log <- table:user.email',
      'app/views.py:11 third_party <- table:user.phone',
    ]);
    // The rows of a mapped class are its table's, declared with the class; the job posts the table's phone column.
    expect(report.flows[0]!.source).toMatchObject({ name: 'current_user.email', file: 'app/models.py', line: 6, asset: 'table:user', column: 'email' });
    const subscribe = report.jobs.find((j) => j.unit === 'subscribe')!;
    expect(`${subscribe.inputs.join(', ')} -> ${subscribe.outputs.join(', ')}`).toBe('table:user -> api:api.newsletter.example/v1/subscribers');
  });

  it('give nothing where no function provides the name', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': MODELS,
      'app/views.py': [
        'import logging',
        'from flask_login import current_user',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def ping():',
        '    log.info("ping from %s", current_user.id)',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([]);
  });
});
