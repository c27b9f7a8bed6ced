/**
 * Request handlers: what a function decorated as a route returns is sent to the client (`routes` models in
 * grammars/python/web.yaml). FastAPI and Flask both turn a returned dict into the response body, so returning a
 * customer's email from an endpoint is a `response` flow even with no response call written.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flowsOf = (report: Report) =>
  report.flows.map((f) => `${f.source.asset ?? f.source.name}.${f.source.column ?? ''} -> ${f.sink.kind} ${f.sink.callee} ${f.sink.file}:${f.sink.line}`).sort();

describe('request handlers', () => {
  it('send what FastAPI and Flask routes return', async () => {
    const root = writeTree({
      'api/customers.py': [
        'from fastapi import APIRouter, FastAPI',
        'from sqlalchemy import text',
        '',
        'from api.db import engine',
        '',
        'app = FastAPI()',
        'router = APIRouter(prefix="/v1")',
        '',
        '',
        '@app.get("/customers/{customer_id}")',
        'def get_customer(customer_id: int):',
        '    with engine.connect() as conn:',
        '        row = conn.execute(text("SELECT id, email, phone FROM customers WHERE id = :id"), {"id": customer_id}).first()',
        '    return {"id": row.id, "email": row.email}',
        '',
        '',
        '@router.get("/customers/{customer_id}/phone")',
        'def get_phone(customer_id: int):',
        '    with engine.connect() as conn:',
        '        row = conn.execute(text("SELECT phone FROM customers WHERE id = :id"), {"id": customer_id}).first()',
        '    return row.phone',
        '',
        '',
        'def helper(customer_id):',
        '    with engine.connect() as conn:',
        '        return conn.execute(text("SELECT email FROM customers WHERE id = :id"), {"id": customer_id}).first()',
        '',
      ].join('\n'),
      'api/db.py': ['from sqlalchemy import create_engine', '', 'engine = create_engine("postgresql://app@db/app")', ''].join('\n'),
      'web/views.py': [
        'from flask import Blueprint, Flask, jsonify',
        '',
        'from web.store import find_member',
        '',
        'app = Flask(__name__)',
        'members = Blueprint("members", __name__)',
        '',
        '',
        '@app.route("/health")',
        'def health():',
        '    return {"status": "ok"}',
        '',
        '',
        '@members.route("/members/<int:member_id>")',
        'def member(member_id):',
        '    found = find_member(member_id)',
        '    return {"name": found["full_name"], "since": found["joined_at"]}',
        '',
        '',
        '@members.get("/members/<int:member_id>/contact")',
        'def contact(member_id):',
        '    return jsonify(email=find_member(member_id)["email"])',
        '',
      ].join('\n'),
      'web/store.py': [
        'import sqlite3',
        '',
        '',
        'def find_member(member_id):',
        '    conn = sqlite3.connect("members.db")',
        '    conn.row_factory = sqlite3.Row',
        '    return conn.execute("SELECT full_name, email, joined_at FROM members WHERE id = ?", (member_id,)).fetchone()',
        '',
      ].join('\n'),
    });
    expect(flowsOf(await scanReport(root))).toEqual([
      'table:customers.email -> response fastapi.FastAPI.get api/customers.py:14',
      'table:customers.phone -> response fastapi.APIRouter.get api/customers.py:21',
      // jsonify is the response itself: the route's return adds no second flow.
      'table:members.email -> response flask.jsonify web/views.py:22',
      'table:members.full_name -> response flask.Blueprint.route web/views.py:17',
    ]);
  });
});
