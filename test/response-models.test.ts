/**
 * FastAPI's response models: a route sends what it returns as its `response_model` (else its return annotation)
 * shows it, so a pydantic model leaves out every field it does not declare. And a session typed as SQLAlchemy's,
 * by any name (`db: Session = Depends(get_db)`), reads a row with `get(Model, id)`.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';
import { USERS_MODEL } from './helpers/sqlalchemy-apps.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.sink.kind} <- ${f.source.asset ? `${f.source.asset}.${f.source.column ?? '*'}` : f.source.name}`);


const SCHEMAS = [
  'from typing import Optional',
  'from pydantic import BaseModel',
  '',
  'class ProfileBase(BaseModel):',
  '    id: int',
  '',
  'class PublicProfile(ProfileBase):',
  '    full_name: Optional[str] = None',
  '',
  'class Contact(BaseModel):',
  '    id: int',
  '    email: str',
  '',
].join('\n');

describe('response models', () => {
  it('name the class a route sends its result as: by keyword, by return annotation, one or a list, or none', async () => {
    const facts = await extractText('app/routes.py', [
      'from typing import List, Optional',
      'from fastapi import APIRouter',
      'from app import schemas',
      'from app.schemas import Contact',
      '',
      'router = APIRouter()',
      '',
      '@router.get("/a", response_model=schemas.PublicProfile)',
      'def a():',
      '    return {}',
      '',
      '@router.get("/b", response_model=List[schemas.PublicProfile])',
      'def b():',
      '    return []',
      '',
      '@router.get("/c")',
      'def c() -> Optional[Contact]:',
      '    return {}',
      '',
      '@router.get("/d", response_model=None)',
      'def d() -> Contact:',
      '    return {}',
      '',
      '@router.get("/e")',
      'def e() -> dict:',
      '    return {}',
      '',
    ].join('\n'));
    const sinks = facts.units.flatMap((u) => u.steps.flatMap((s) => (s.op === 'sink' ? [`${u.name} ${JSON.stringify(s.shownAs ?? null)}`] : [])));
    expect(sinks).toEqual([
      'a {"class":{"ref":"schemas","path":["PublicProfile"]}}',
      'b {"class":{"ref":"schemas","path":["PublicProfile"]},"many":true}',
      'c {"class":{"ref":"Contact"}}',
      // `response_model=None`: FastAPI sends the result as it is, whatever the annotation says.
      'd null',
      'e null',
    ]);
  });

  it('send only the fields the model declares, its bases\' too, of a row, a list of rows or a dict', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': USERS_MODEL,
      'app/schemas.py': SCHEMAS,
      'app/routes.py': [
        'from typing import List',
        'from fastapi import APIRouter, Depends',
        'from sqlalchemy.orm import Session',
        'from app import models, schemas',
        'from app.database import get_db',
        '',
        'router = APIRouter()',
        '',
        '@router.get("/profiles/{user_id}", response_model=schemas.PublicProfile)',
        'def profile(user_id: int, db: Session = Depends(get_db)):',
        '    return db.get(models.User, user_id)',
        '',
        '@router.get("/profiles", response_model=List[schemas.PublicProfile])',
        'def profiles(db: Session = Depends(get_db)):',
        '    return db.query(models.User).all()',
        '',
        '@router.get("/contacts/{user_id}")',
        'def contact(user_id: int, conn: Session = Depends(get_db)) -> schemas.Contact:',
        '    return conn.get(models.User, user_id)',
        '',
        '@router.get("/me", response_model=schemas.PublicProfile)',
        'def me(db: Session = Depends(get_db)):',
        '    user = db.get(models.User, 1)',
        '    return {"id": user.id, "full_name": user.full_name, "email": user.email}',
        '',
        '@router.get("/contacts/{user_id}/public", response_model=schemas.Contact, response_model_exclude={"email"})',
        'def public_contact(user_id: int, db: Session = Depends(get_db)):',
        '    return db.get(models.User, user_id)',
        '',
        '@router.get("/contacts/{user_id}/ids", response_model_include=["id"])',
        'def contact_ids(user_id: int, db: Session = Depends(get_db)) -> schemas.Contact:',
        '    return db.get(models.User, user_id)',
        '',
        '@router.get("/raw", response_model=None)',
        'def raw(db: Session = Depends(get_db)):',
        '    user = db.get(models.User, 1)',
        '    return {"id": user.id, "email": user.email}',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      // PublicProfile declares `id` (its base's) and `full_name`: the name is sent, the address is not.
      'app/routes.py:11 response <- table:users.full_name',
      'app/routes.py:15 response <- table:users.full_name',
      // The return annotation names Contact, which declares the address.
      'app/routes.py:19 response <- table:users.email',
      'app/routes.py:24 response <- table:users.full_name',
      // Contact's address left out (response_model_exclude), or only its id kept (response_model_include, with the
      // class the return annotation names): no flow at lines 27 and 31.
      // No response model: the dict as it is.
      'app/routes.py:37 response <- table:users.email',
    ]);
  });

  it('send the result as it is when the class is no record class of the program', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': USERS_MODEL,
      'app/routes.py': [
        'from fastapi import FastAPI',
        'from fastapi.responses import JSONResponse',
        'from sqlalchemy.orm import Session',
        'from app import models',
        '',
        'app = FastAPI()',
        '',
        'class Envelope:',
        '    def __init__(self, body):',
        '        self.body = body',
        '',
        '@app.get("/a", response_model=JSONResponse)',
        'def a(db: Session):',
        '    user = db.get(models.User, 1)',
        '    return {"email": user.email}',
        '',
        '@app.get("/b")',
        'def b(db: Session) -> Envelope:',
        '    user = db.get(models.User, 1)',
        '    return {"email": user.email}',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual(['app/routes.py:15 response <- table:users.email', 'app/routes.py:20 response <- table:users.email']);
  });
});
