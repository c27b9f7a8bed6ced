/**
 * SQL dialect names users type, mapped to the nearest node-sql-parser dialect and to the lexical rules the
 * statement splitter needs.
 */
import type { SplitOptions } from './split.js';

export type ParserDialect =
  | 'athena' | 'bigquery' | 'db2' | 'flinksql' | 'hive' | 'mariadb' | 'mysql' | 'noql' | 'postgresql'
  | 'redshift' | 'snowflake' | 'sqlite' | 'transactsql' | 'trino';

export interface DialectInfo {
  /** The canonical name used in reports. */
  name: string;
  parser: ParserDialect;
  split: SplitOptions;
  /**
   * PL/SQL (Oracle): `SELECT ... INTO a, b FROM` fills variables, never a new table, and a statement starting with
   * `DECLARE` or `BEGIN` is an anonymous block whose statements are read one by one.
   */
  plsql?: boolean;
}

const MYSQL_LEX: SplitOptions = { backslashEscapes: true, hashComments: true };
const BACKSLASH: SplitOptions = { backslashEscapes: true };
const STANDARD: SplitOptions = {};

const CANONICAL: Record<string, DialectInfo> = {
  postgres: { name: 'postgres', parser: 'postgresql', split: STANDARD },
  mysql: { name: 'mysql', parser: 'mysql', split: MYSQL_LEX },
  mariadb: { name: 'mariadb', parser: 'mariadb', split: MYSQL_LEX },
  bigquery: { name: 'bigquery', parser: 'bigquery', split: BACKSLASH },
  snowflake: { name: 'snowflake', parser: 'snowflake', split: BACKSLASH },
  redshift: { name: 'redshift', parser: 'redshift', split: STANDARD },
  hive: { name: 'hive', parser: 'hive', split: BACKSLASH },
  spark: { name: 'spark', parser: 'hive', split: BACKSLASH },
  tsql: { name: 'tsql', parser: 'transactsql', split: { brackets: true } },
  trino: { name: 'trino', parser: 'trino', split: STANDARD },
  athena: { name: 'athena', parser: 'athena', split: STANDARD },
  sqlite: { name: 'sqlite', parser: 'sqlite', split: STANDARD },
  db2: { name: 'db2', parser: 'db2', split: STANDARD },
  flink: { name: 'flink', parser: 'flinksql', split: STANDARD },
  // No parser of their own: the nearest grammar.
  oracle: { name: 'oracle', parser: 'postgresql', split: { sqlplus: true }, plsql: true },
  duckdb: { name: 'duckdb', parser: 'postgresql', split: STANDARD },
  ansi: { name: 'ansi', parser: 'postgresql', split: STANDARD },
};

const ALIASES: Record<string, string> = {
  postgresql: 'postgres', pg: 'postgres', psql: 'postgres',
  sparksql: 'spark', databricks: 'spark',
  mssql: 'tsql', sqlserver: 'tsql', transactsql: 'tsql', 'sql-server': 'tsql', azuresql: 'tsql',
  presto: 'trino',
  flinksql: 'flink',
  sqlite3: 'sqlite',
  standard: 'ansi',
  // Dialects without a grammar of their own, mapped to the nearest one.
  teradata: 'ansi', vertica: 'postgres', greenplum: 'postgres', materialize: 'postgres', exasol: 'ansi',
  netezza: 'postgres', cockroachdb: 'postgres', timescaledb: 'postgres', yugabytedb: 'postgres',
  synapse: 'tsql', fabric: 'tsql', azuresynapse: 'tsql',
  impala: 'hive', starrocks: 'mysql', doris: 'mysql', singlestore: 'mysql', memsql: 'mysql', tidb: 'mysql',
  clickhouse: 'mysql', dremio: 'trino', dune: 'trino', risingwave: 'postgres', questdb: 'postgres',
  spark2: 'spark', glue: 'spark', sybase: 'tsql', databend: 'mysql',
  drill: 'ansi', druid: 'ansi', tableau: 'ansi', h2: 'ansi', hana: 'ansi', informix: 'ansi', firebird: 'ansi',
};

export const DEFAULT_DIALECT = 'postgres';

export function dialectNames(): string[] {
  return [...new Set([...Object.keys(CANONICAL), ...Object.keys(ALIASES)])].sort();
}

/** Resolves a user-typed dialect name; `null` when unknown. */
export function resolveDialect(name: string): DialectInfo | null {
  const key = name.trim().toLowerCase();
  return CANONICAL[ALIASES[key] ?? key] ?? null;
}

/**
 * Parser dialects tried, in order, when the chosen one cannot parse a statement: ordered by how often each one
 * rescued a statement of the fixture suite and the public lineage test suites.
 */
export const FALLBACK_PARSERS: readonly ParserDialect[] = ['postgresql', 'transactsql', 'bigquery', 'mysql', 'snowflake', 'hive', 'trino'];
