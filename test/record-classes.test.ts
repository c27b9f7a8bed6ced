/**
 * Record classes: a dataclass, an attrs class, a pydantic model, a NamedTuple. Their constructor, which a library
 * writes, takes the attributes the class declares with a type annotation, in order or by keyword, so their objects
 * hold what they are built with; `asdict`, `vars` and pydantic's `model_dump` show them.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { extractText } from './helpers/extract.js';
import { scanReport } from './helpers/scan.js';
import { USERS_MODEL } from './helpers/sqlalchemy-apps.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.source.name} [${f.categories.join(', ')}]`);

describe('record classes', () => {
  it('list the annotated attributes their constructor takes, without ClassVar and field(init=False)', async () => {
    const facts = await extractText('app/records.py', [
      'from dataclasses import dataclass, field',
      'from typing import ClassVar, NamedTuple',
      'from pydantic import BaseModel',
      '',
      '@dataclass(frozen=True)',
      'class Contact:',
      '    kind: ClassVar[str] = "contact"',
      '    email: str',
      '    phone: str = ""',
      '    digest: str = field(init=False, default="")',
      '',
      'class Point(NamedTuple):',
      '    x: float',
      '    y: float',
      '',
      'class Signup(BaseModel):',
      '    email: str',
      '',
      'class Plain:',
      '    name: str',
      '    def __init__(self, name):',
      '        self.name = name',
      '',
    ].join('\n'));
    expect(facts.units.filter((u) => u.kind === 'class').map((u) => `${u.name} ${u.record ? 'record' : 'plain'} ${(u.fields ?? []).join(',')}`)).toEqual([
      'Contact record email,phone',
      'Point record x,y',
      'Signup record email',
      // A constructor of its own: the class's attributes are what it sets.
      'Plain plain ',
    ]);
  });

  it('hold what they are built with, by keyword or position, and show it through asdict, vars and formatting', async () => {
    const report = await scanReport(writeTree({
      'app/contacts.py': [
        'import logging',
        'from dataclasses import asdict, dataclass',
        'from typing import NamedTuple',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '@dataclass',
        'class Contact:',
        '    email: str',
        '    phone: str',
        '    note: str',
        '',
        'class Visit(NamedTuple):',
        '    page: str',
        '    ip_address: str',
        '',
        'def from_row(row):',
        '    return Contact(email=row["email_address"], phone=row["tel"], note="imported")',
        '',
        'def dump(row):',
        '    log.info("contact %s", asdict(from_row(row)))',
        '',
        'def seen(req):',
        '    visit = Visit("/home", req["remote_addr"])',
        '    log.info("visit from %s", visit.ip_address)',
        '    log.info("note %s", vars(Contact("n/a", "n/a", req["comment"])))',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      'app/contacts.py:21 row.tel [user.contact.phone_number]',
      'app/contacts.py:21 row.email_address [user.contact.email]',
      'app/contacts.py:25 req.remote_addr [user.device.ip_address]',
    ]);
  });

  it('take a pydantic model\'s fields, its bases\' first in another file, and model_dump\'s include and exclude', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/schemas.py': [
        'from pydantic import BaseModel',
        '',
        'class Signup(BaseModel):',
        '    email: str',
        '    password: str',
        '    plan: str',
        '',
      ].join('\n'),
      'app/billing.py': [
        'import logging',
        'from app.schemas import Signup',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'class PremiumSignup(Signup):',
        '    card_number: str',
        '',
        'def signup(form):',
        '    s = Signup(email=form["email"], password=form["password"], plan="basic")',
        '    log.info("without password %s", s.model_dump(exclude={"password"}))',
        '    log.info("plan only %s", s.model_dump_json(include={"plan"}))',
        '',
        'def premium(form):',
        '    p = PremiumSignup(form["login"], form["secret"], "gold", form["cc"])',
        '    log.info("card %s", p.card_number)',
        '',
        'def from_payload(form):',
        '    payload = {"email": form["email"], "plan": "basic"}',
        '    log.info("signup %s", Signup(**payload).email)',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      'app/billing.py:11 form.email [user.contact.email]',
      // By position, the base's fields first: the fourth argument is the card number.
      'app/billing.py:16 p.card_number [user.financial.credit_card]',
      'app/billing.py:20 form.email [user.contact.email]',
    ]);
  });

  it('are shown by __dict__ as by vars(), and a mapping spread into str.format gives the keys its fields name', async () => {
    const report = await scanReport(writeTree({
      'app/notes.py': [
        'import json',
        'import logging',
        'from dataclasses import dataclass',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '@dataclass',
        'class Contact:',
        '    email: str',
        '    note: str',
        '',
        'def dump(form):',
        '    contact = Contact(form["email"], "imported")',
        '    log.info("contact %s", json.dumps(contact.__dict__))',
        '    log.info("note %s", contact.__dict__["note"])',
        '',
        'def greet(profile):',
        '    log.info("hello {first_name}, your number is {phone}".format(**profile))',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      'app/notes.py:14 form.email [user.contact.email]',
      'app/notes.py:18 profile.phone [user.contact.phone_number]',
      'app/notes.py:18 profile.first_name [user.name]',
    ]);
  });

  it('show through pydantic 1\'s dict() and json() the fields include and exclude leave, and keep other json() calls plain', async () => {
    const report = await scanReport(writeTree({
      'app/signup.py': [
        'import logging',
        'import requests',
        'from pydantic import BaseModel',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'class Signup(BaseModel):',
        '    email: str',
        '    password: str',
        '    plan: str',
        '',
        'def register(form):',
        '    signup = Signup(email=form["email"], password=form["password"], plan="basic")',
        '    log.info("safe %s", signup.dict(exclude={"password"}))',
        '    log.info("plan %s", signup.json(include={"plan"}))',
        '',
        'def lookup(user_id):',
        '    profile = requests.get(f"https://accounts.example.com/users/{user_id}").json()',
        '    log.info("phone %s", profile["phone"])',
        '',
      ].join('\n'),
    }));
    expect(flows(report)).toEqual([
      'app/signup.py:14 form.email [user.contact.email]',
      // An HTTP response's json() is no serialiser: the body's fields are read as before.
      'app/signup.py:19 profile.phone [user.contact.phone_number]',
    ]);
  });

  it('are built by model_validate and from_orm from an object\'s attributes, only those the class declares', async () => {
    const report = await scanReport(writeTree({
      'app/__init__.py': '',
      'app/models.py': USERS_MODEL,
      'app/schemas.py': [
        'from pydantic import BaseModel',
        '',
        'class UserCard(BaseModel):',
        '    id: int',
        '    full_name: str',
        '',
        'class UserContact(BaseModel):',
        '    id: int',
        '    email: str',
        '',
      ].join('\n'),
      'app/service.py': [
        'import logging',
        'from sqlalchemy.orm import Session',
        'from app.models import User',
        'from app.schemas import UserCard, UserContact',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def card(db: Session, user_id: int):',
        '    user = db.get(User, user_id)',
        '    log.info("card %s", UserCard.from_orm(user).dict())',
        '',
        'def contact(db: Session, user_id: int):',
        '    user = db.get(User, user_id)',
        '    log.info("contact %s", UserContact.model_validate(user).model_dump())',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.source.asset}.${f.source.column}`)).toEqual([
      'app/service.py:10 table:users.full_name',
      'app/service.py:14 table:users.email',
    ]);
  });
});
