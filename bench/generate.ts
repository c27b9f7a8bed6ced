/**
 * A deterministic generator of a large polyglot repository for benchmarks and scale tests: Python ETL jobs that
 * load raw tables, a dbt warehouse whose models read them, PHP and Hack services reading the marts, C++ services
 * writing events, and loggers that receive user e-mails — realistic constructs, cross-language flows, and the
 * usual blind spots (SQL built at run time). The same seed and size always give the same bytes.
 *
 *   npx tsx bench/generate.ts <dir> [--lines 100000] [--seed 1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GenerateOptions {
  /** Stop once at least this many lines are written. */
  lines: number;
  seed: number;
}

export interface GeneratedRepo {
  files: number;
  lines: number;
}

/** mulberry32: a small, fast, seedable PRNG (numbers in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly random: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  some<T>(items: readonly T[], lo: number, hi: number): T[] {
    const count = Math.min(items.length, this.int(lo, hi));
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count) out.push(pool.splice(Math.floor(this.random() * pool.length), 1)[0]!);
    return out;
  }
}

const DOMAINS = [
  'billing', 'accounts', 'orders', 'inventory', 'shipping', 'marketing', 'support', 'payments', 'catalog',
  'identity', 'loyalty', 'fraud', 'search', 'reviews', 'notifications', 'pricing', 'returns', 'partners',
];
const ENTITIES = [
  'customers', 'events', 'invoices', 'items', 'sessions', 'tickets', 'refunds', 'subscriptions', 'addresses',
  'profiles', 'payouts', 'messages', 'devices', 'visits', 'carts',
];
const PERSONAL = ['email', 'phone', 'full_name', 'date_of_birth', 'ip_address', 'street_address', 'ssn'];
const PLAIN = ['status', 'amount_cents', 'country_code', 'currency', 'channel', 'plan', 'score', 'quantity', 'sku'];

interface Table {
  domain: string;
  entity: string;
  raw: string;
  columns: string[];
}

function tables(dice: Dice): Table[] {
  const out: Table[] = [];
  for (const domain of DOMAINS) {
    for (const entity of dice.some(ENTITIES, 4, 8)) {
      const columns = ['id', 'user_id', ...dice.some(PERSONAL, 1, 3), ...dice.some(PLAIN, 2, 5), 'created_at'];
      out.push({ domain, entity, raw: `raw.${domain}_${entity}`, columns });
    }
  }
  return out;
}

const camel = (name: string) => name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
const personalOf = (table: Table) => table.columns.filter((c) => PERSONAL.includes(c));
const plainOf = (table: Table) => table.columns.filter((c) => PLAIN.includes(c));

// ---------------------------------------------------------------- Python

function pythonJob(dice: Dice, table: Table, all: Table[], index: number): string {
  const other = dice.pick(all);
  const personal = personalOf(table);
  const plain = plainOf(table);
  const cols = table.columns.join(', ');
  const params = table.columns.map((c) => `%(${c})s`).join(', ');
  const logged = personal[0] ?? 'id';
  const parts: string[] = [];
  parts.push(`"""Nightly ${table.domain} ${table.entity} load (job ${index})."""
import csv
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Iterator

import pandas as pd
import psycopg2
from psycopg2.extras import execute_values

log = logging.getLogger(__name__)

UPSERT_${table.entity.toUpperCase()} = """
    INSERT INTO ${table.raw} (${cols})
    VALUES (${params})
    ON CONFLICT (id) DO UPDATE SET ${plain.map((c) => `${c} = EXCLUDED.${c}`).join(', ') || 'created_at = EXCLUDED.created_at'}
"""


@dataclass
class ${camel(table.entity)}Row:
${table.columns.map((c) => `    ${c}: ${c.endsWith('_cents') || c === 'id' || c === 'user_id' || c === 'quantity' ? 'int' : 'str'}`).join('\n')}
    tags: list = field(default_factory=list)

    def redacted(self) -> dict:
        return {k: ("***" if k in ${JSON.stringify(personal)} else v) for k, v in self.__dict__.items()}
`);
  const functions = dice.int(3, 7);
  for (let f = 0; f < functions; f++) {
    const kind = dice.int(0, 5);
    const name = `${dice.pick(['load', 'sync', 'refresh', 'export', 'backfill', 'reconcile'])}_${table.entity}_${f}`;
    if (kind === 0) {
      parts.push(`
def ${name}(path: str, conn) -> int:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            record["${logged}"] = record.get("${logged}", "").strip().lower()
            rows.append(record)
    with conn.cursor() as cur:
        cur.executemany(UPSERT_${table.entity.toUpperCase()}, rows)
    log.info("loaded %d rows into ${table.raw}", len(rows))
    return len(rows)
`);
    } else if (kind === 1) {
      parts.push(`
def ${name}(conn, since: datetime) -> pd.DataFrame:
    frame = pd.read_sql(
        """
        SELECT t.id, t.user_id, ${personal.map((c) => `t.${c}`).join(', ') || 't.status'}, o.${dice.pick(other.columns)}
        FROM ${table.raw} AS t
        LEFT JOIN ${other.raw} AS o ON o.user_id = t.user_id
        WHERE t.created_at >= %(since)s
        """,
        conn,
        params={"since": since},
    )
    frame["${dice.pick(plain.length > 0 ? plain : ['id'])}_bucket"] = frame.index % 10
    return frame
`);
    } else if (kind === 2) {
      parts.push(`
def ${name}(conn, table_suffix: str, days: int = 30) -> None:
    cutoff = datetime.utcnow() - timedelta(days=days)
    with conn.cursor() as cur:
        cur.execute(f"DELETE FROM ${table.raw}_{table_suffix} WHERE created_at < '{cutoff:%Y-%m-%d}'")
        log.warning("purged old ${table.entity} for %s", table_suffix)
`);
    } else if (kind === 3) {
      parts.push(`
def ${name}(conn, users: Iterable[${camel(table.entity)}Row]) -> None:
    for user in users:
        if not user.${logged}:
            continue
        try:
            log.info("notifying %s about ${table.entity}", user.${logged})
        except Exception as exc:  # noqa: BLE001
            log.error("could not notify user %s: %s", user.${logged}, exc)
    with conn.cursor() as cur:
        execute_values(cur, "INSERT INTO raw.${table.domain}_audit (user_id, action) VALUES %s", [(u.user_id, "${name}") for u in users])
`);
    } else if (kind === 4) {
      parts.push(`
class ${camel(name)}:
    BATCH = ${dice.int(100, 5000)}

    def __init__(self, dsn: str):
        self.conn = psycopg2.connect(dsn)

    def batches(self, rows: list) -> Iterator[list]:
        for start in range(0, len(rows), self.BATCH):
            yield rows[start:start + self.BATCH]

    def run(self) -> int:
        cur = self.conn.cursor()
        cur.execute("SELECT ${cols} FROM ${table.raw} WHERE status <> 'deleted'")
        rows = cur.fetchall()
        total = 0
        for batch in self.batches(rows):
            cur.executemany("INSERT INTO ${other.raw} (id, user_id) VALUES (%s, %s)", [(r[0], r[1]) for r in batch])
            total += len(batch)
        self.conn.commit()
        return total
`);
    } else {
      parts.push(`
def ${name}(values: list[int]) -> dict:
    summary = {"count": len(values), "total": sum(v for v in values if v > 0)}
    summary["mean"] = summary["total"] / max(1, summary["count"])
    buckets = {}
    for value in sorted(values):
        buckets.setdefault(value // ${dice.int(5, 50)}, []).append(value)
    return {**summary, "buckets": {k: len(v) for k, v in buckets.items()}}
`);
    }
  }
  parts.push(`
if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
`);
  return parts.join('');
}

// ---------------------------------------------------------------- SQL (a dbt warehouse and plain scripts)

function dbtModel(dice: Dice, table: Table, upstream: string[]): string {
  const personal = personalOf(table);
  const plain = plainOf(table);
  const materialized = dice.pick(['table', 'view', 'incremental']);
  const metric = plain.find((c) => c.endsWith('_cents') || c === 'quantity' || c === 'score') ?? 'id';
  const sources = upstream.length > 0
    ? upstream.map((ref, i) => `    SELECT user_id, ${metric} AS metric_${i} FROM {{ ref('${ref}') }}`).join('\n    UNION ALL\n')
    : `    SELECT user_id, ${metric} AS metric_0 FROM {{ source('raw', '${table.domain}_${table.entity}') }}`;
  return `{{ config(materialized='${materialized}', schema='mart') }}

-- ${table.domain} ${table.entity}: per-user activity with a rolling window.
WITH base AS (
    SELECT
        t.id,
        t.user_id,
${personal.map((c) => `        lower(t.${c}) AS ${c},`).join('\n')}
${plain.map((c) => `        t.${c},`).join('\n')}
        t.created_at,
        row_number() OVER (PARTITION BY t.user_id ORDER BY t.created_at DESC) AS recency
    FROM {{ source('raw', '${table.domain}_${table.entity}') }} AS t
    WHERE t.created_at >= current_date - INTERVAL '${dice.int(7, 400)} days'
),
upstream AS (
${sources}
),
scored AS (
    SELECT
        b.user_id,
${personal.map((c) => `        max(b.${c}) AS ${c},`).join('\n')}
        count(*) AS events,
        sum(CASE WHEN b.recency <= ${dice.int(2, 20)} THEN 1 ELSE 0 END) AS recent_events,
        coalesce(sum(u.metric_0), 0) AS upstream_metric
    FROM base AS b
    LEFT JOIN upstream AS u ON u.user_id = b.user_id
    GROUP BY b.user_id
)
SELECT *
FROM scored
WHERE events > ${dice.int(0, 3)}
`;
}

function sqlScript(dice: Dice, table: Table, all: Table[]): string {
  const other = dice.pick(all);
  const cols = table.columns.map((c) => `    ${c} ${c === 'id' || c === 'user_id' || c.endsWith('_cents') || c === 'quantity' ? 'BIGINT' : c === 'created_at' ? 'TIMESTAMP' : 'TEXT'}`).join(',\n');
  const statements = [`-- Maintenance of ${table.raw}.
CREATE TABLE IF NOT EXISTS ${table.raw} (
${cols}
);`];
  for (let i = dice.int(2, 6); i > 0; i--) {
    statements.push(dice.pick([
      `INSERT INTO ${table.raw}_archive
SELECT * FROM ${table.raw}
WHERE created_at < now() - INTERVAL '${dice.int(30, 900)} days';`,
      `DELETE FROM ${table.raw}
WHERE user_id IN (SELECT user_id FROM ${other.raw} WHERE status = 'closed');`,
      `UPDATE ${table.raw} AS t
SET status = 'stale'
FROM ${other.raw} AS o
WHERE o.user_id = t.user_id AND o.created_at < t.created_at - INTERVAL '1 year';`,
      `CREATE OR REPLACE VIEW reporting.${table.domain}_${table.entity}_daily AS
SELECT date_trunc('day', created_at) AS day, count(*) AS n, count(DISTINCT user_id) AS users
FROM ${table.raw}
GROUP BY 1;`,
    ]));
  }
  return `${statements.join('\n\n')}\n`;
}

// ---------------------------------------------------------------- PHP and Hack

function phpService(dice: Dice, table: Table): string {
  const personal = personalOf(table);
  const logged = personal[0] ?? 'id';
  const methods: string[] = [];
  for (let m = dice.int(2, 6); m > 0; m--) {
    methods.push(dice.pick([
      `
    public function find${camel(table.entity)}(int $id): ?array
    {
        $stmt = $this->pdo->prepare('SELECT ${table.columns.join(', ')} FROM mart.${table.domain}_${table.entity} WHERE user_id = :id');
        $stmt->execute(['id' => $id]);
        $row = $stmt->fetch(\\PDO::FETCH_ASSOC);
        if ($row === false) {
            return null;
        }
        error_log('loaded ${table.entity} for ' . $row['${logged}']);
        return $row;
    }
`,
      `
    public function export${camel(table.entity)}(array $ids): array
    {
        $placeholders = implode(',', array_fill(0, count($ids), '?'));
        $stmt = $this->pdo->prepare("SELECT id, ${logged} FROM ${table.raw} WHERE id IN ($placeholders)");
        $stmt->execute($ids);
        $rows = [];
        foreach ($stmt->fetchAll(\\PDO::FETCH_ASSOC) as $row) {
            $rows[$row['id']] = ['contact' => $row['${logged}'], 'source' => '${table.domain}'];
        }
        return $rows;
    }
`,
      `
    public function touch${camel(table.entity)}(int $id, string $status): void
    {
        $this->pdo->exec("UPDATE ${table.raw} SET status = '" . $status . "' WHERE id = " . $id);
        $this->logger->info('status changed', ['id' => $id, 'status' => $status]);
    }
`,
    ]));
  }
  return `<?php

declare(strict_types=1);

namespace App\\${camel(table.domain)};

use Psr\\Log\\LoggerInterface;

final class ${camel(table.entity)}Repository
{
    public function __construct(private \\PDO $pdo, private LoggerInterface $logger)
    {
    }
${methods.join('')}}
`;
}

function hackService(dice: Dice, table: Table): string {
  const logged = personalOf(table)[0] ?? 'id';
  return `namespace Acme\\${camel(table.domain)};

final class ${camel(table.entity)}Store {
  public function __construct(private \\AsyncMysqlConnection $conn) {}

  public async function fetchAsync(int $user_id): Awaitable<vec<dict<string, string>>> {
    $result = await $this->conn->queryf(
      'SELECT id, ${logged} FROM mart.${table.domain}_${table.entity} WHERE user_id = %d LIMIT ${dice.int(5, 500)}',
      $user_id,
    );
    return vec($result->mapRows());
  }

  public async function countAsync(): Awaitable<int> {
    $result = await $this->conn->queryf('SELECT count(*) AS n FROM ${table.raw}');
    return (int)$result->mapRows()[0]['n'];
  }
}
`;
}

// ---------------------------------------------------------------- C++

function cppService(dice: Dice, table: Table): string {
  const logged = personalOf(table)[0] ?? 'id';
  const functions: string[] = [];
  for (let f = dice.int(2, 5); f > 0; f--) {
    functions.push(dice.pick([
      `
bool ${camel(table.entity)}Writer::record(const Event& event) {
    sqlite3_stmt* stmt = nullptr;
    static constexpr const char* kInsert =
        "INSERT INTO ${table.raw} (id, user_id, status, created_at) VALUES (?, ?, ?, datetime('now'))";
    if (sqlite3_prepare_v2(db_, kInsert, -1, &stmt, nullptr) != SQLITE_OK) {
        LOG(ERROR) << "prepare failed: " << sqlite3_errmsg(db_);
        return false;
    }
    sqlite3_bind_int64(stmt, 1, event.id);
    sqlite3_bind_int64(stmt, 2, event.user_id);
    sqlite3_bind_text(stmt, 3, event.status.c_str(), -1, SQLITE_TRANSIENT);
    const bool ok = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_finalize(stmt);
    LOG(INFO) << "recorded event for " << event.${logged};
    return ok;
}
`,
      `
template <typename Container>
std::size_t ${camel(table.entity)}Writer::flush(const Container& pending) {
    std::size_t written = 0;
    for (const auto& item : pending) {
        std::string sql = "DELETE FROM ${table.raw} WHERE id = " + std::to_string(item.id);
        char* error = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) {
            ++written;
        } else {
            LOG(WARNING) << "flush failed: " << error;
            sqlite3_free(error);
        }
    }
    return written;
}
`,
      `
std::vector<std::string> ${camel(table.entity)}Writer::contacts(int64_t user_id) const {
    std::vector<std::string> out;
    auto rows = query("SELECT ${logged} FROM mart.${table.domain}_${table.entity} WHERE user_id = ?", user_id);
    std::transform(rows.begin(), rows.end(), std::back_inserter(out), [](const Row& r) { return r.text(0); });
    return out;
}
`,
    ]));
  }
  return `#include "${table.domain}/${table.entity}_writer.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include <glog/logging.h>
#include <sqlite3.h>

namespace acme::${table.domain} {
${functions.join('')}
}  // namespace acme::${table.domain}
`;
}

// ---------------------------------------------------------------- the repository

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function generateRepo(dir: string, options: GenerateOptions): GeneratedRepo {
  const dice = new Dice(seededRandom(options.seed));
  const world = tables(dice);
  let files = 0;
  let lines = 0;
  const write = (rel: string, text: string) => {
    const target = path.join(dir, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    files++;
    lines += countNewlines(text);
  };

  write('README.md', '# acme monorepo (generated)\n');
  write('.gitignore', 'build/\n*.pyc\n');
  write('warehouse/dbt_project.yml', `name: acme\nversion: "1.0"\nmodel-paths: ["models"]\nmodels:\n  acme:\n    +materialized: view\n`);
  write('warehouse/models/sources.yml', `version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n${world.map((t) => `      - name: ${t.domain}_${t.entity}`).join('\n')}\n`);

  const models: string[] = [];
  for (let round = 0; lines < options.lines; round++) {
    for (const table of world) {
      if (lines >= options.lines) break;
      const tag = `${table.entity}_${round}`;
      const roll = dice.int(0, 99);
      if (roll < 35) {
        write(`etl/${table.domain}/${tag}.py`, pythonJob(dice, table, world, round));
      } else if (roll < 55) {
        // The first model of a table is named after it, so the services that read `mart.<table>` join up.
        const base = `${table.domain}_${table.entity}`;
        const model = models.includes(base) ? `${table.domain}_${tag}` : base;
        const upstream = models.length > 0 && dice.chance(0.6) ? dice.some(models.slice(-40), 1, 2) : [];
        write(`warehouse/models/${table.domain}/${model}.sql`, dbtModel(dice, table, upstream));
        models.push(model);
      } else if (roll < 62) {
        write(`warehouse/scripts/${table.domain}/${tag}.sql`, sqlScript(dice, table, world));
      } else if (roll < 77) {
        write(`web/src/${camel(table.domain)}/${camel(tag)}Repository.php`, phpService(dice, table));
      } else if (roll < 82) {
        write(`hack/${table.domain}/${camel(tag)}Store.hack`, hackService(dice, table));
      } else {
        write(`services/${table.domain}/src/${tag}_writer.cpp`, cppService(dice, table));
      }
    }
  }
  return { files, lines };
}

function main(argv: string[]): void {
  const dir = argv[0];
  if (!dir || dir.startsWith('-')) {
    process.stderr.write('usage: tsx bench/generate.ts <dir> [--lines 100000] [--seed 1]\n');
    process.exitCode = 2;
    return;
  }
  const flag = (name: string, fallback: number) => {
    const at = argv.indexOf(name);
    return at === -1 ? fallback : Number(argv[at + 1]);
  };
  const result = generateRepo(path.resolve(dir), { lines: flag('--lines', 100_000), seed: flag('--seed', 1) });
  process.stdout.write(`generated ${result.files} files, ${result.lines} lines in ${dir}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
