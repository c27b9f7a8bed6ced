/**
 * Parameters a framework fills with what another function returns: FastAPI's `Depends(get_current_user)` (as a
 * default or in `Annotated[...]`) makes the parameter the row that function loads, so a handler that logs or posts
 * `current_user.email` sends the user table's column.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';
import { USERS_MODEL } from './helpers/sqlalchemy-apps.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ? `${f.source.asset}.${f.source.column ?? '*'}` : f.source.name}`);

describe('injected parameters', () => {
  it('start the function by calling the dependency each parameter names', async () => {
    const facts = await extractText('app/routes.py', [
      'from typing import Annotated',
      'from fastapi import Depends, Security',
      'from app.deps import get_current_user, get_db',
      '',
      'def handler(user=Depends(get_current_user), db=Depends(dependency=get_db), page: int = 1):',
      '    return user',
      '',
      'def admin(user: Annotated[dict, Security(get_current_user)]):',
      '    return user',
      '',
    ].join('\n'));
    const starts = facts.units.filter((u) => u.kind === 'function').map((u) => `${u.name}: ${u.steps.filter((s) => s.op !== 'return').map((s) => (s.op === 'call' ? `call ${s.callee}` : s.op === 'assign' ? `${s.target.name} =` : s.op)).join(', ')}`);
    expect(starts).toEqual([
      'handler: call app.deps.get_current_user, user =, call app.deps.get_db, db =',
      'admin: call app.deps.get_current_user, user =',
    ]);
  });

  it('give a handler the row its dependency loads, as a default or in Annotated', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': USERS_MODEL,
      'app/deps.py': [
        'from fastapi import Depends',
        'from sqlalchemy.orm import Session',
        'from app.database import SessionLocal',
        'from app.models import User',
        '',
        'def get_db():',
        '    db = SessionLocal()',
        '    try:',
        '        yield db',
        '    finally:',
        '        db.close()',
        '',
        'def get_current_user(token: str, db: Session = Depends(get_db)):',
        '    return db.query(User).filter(User.id == int(token)).first()',
        '',
      ].join('\n'),
      'app/routes.py': [
        'import logging',
        'from typing import Annotated',
        'import httpx',
        'from fastapi import APIRouter, Depends',
        'from app.deps import get_current_user',
        'from app.models import User',
        '',
        'router = APIRouter()',
        'log = logging.getLogger(__name__)',
        '',
        '@router.get("/me/audit")',
        'def audit(current_user: User = Depends(get_current_user)):',
        '    log.info("audit for %s", current_user.email)',
        '    return {"ok": True}',
        '',
        '@router.post("/me/newsletter")',
        'def subscribe(user: Annotated[User, Depends(get_current_user)]):',
        '    httpx.post("https://api.newsletter.example/v1/subscribers", json={"email": user.email})',
        '    return {"ok": True}',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      'app/routes.py:13 log <- table:users.email',
      'app/routes.py:18 third_party <- table:users.email',
    ]);
    const job = report.jobs.find((j) => j.unit === 'subscribe')!;
    expect(job.columnLineage?.map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset}.${i.column}`).join(', ')}`)).toEqual(['email <- table:users.email']);
  });
});
