/**
 * Token soup: files of each language made of its own tokens in random order, with long runs of one token mixed
 * in. Runs of one token are what defeats pattern matching and backtracking grammars (a SQL soup found the
 * `sql-parse-steps` problem). Seeded, so a failure repeats.
 */
import { seededRandom } from '../../bench/generate.js';

export const SOUP_TOKENS: Record<string, readonly string[]> = {
  py: ['x', 'self', '.', '(', ')', '[', ']', '{', '}', ',', ':', '=', '+', '"', "'", 'f"', '"""', '\n', '    ', ' ', 'def ', 'class ',
    'return ', 'cur.execute(', '"SELECT ', 'FROM t', ' %s', '%(a)s', 'email', 'log.info(', 'import ', 'lambda ', 'for ', ' in ', 'if ',
    'with ', 'as ', '#', '\\', 'a=', '{x}', 'yield ', 'await ', '*', '**', '@'],
  sql: ['SELECT ', 'FROM ', 'WHERE ', 'JOIN ', 'ON ', 'INSERT INTO ', 'VALUES ', '(', ')', ',', ';', '.', '"', "'", '`', '[', ']', ' AS ',
    'a', 'b.c', '--', '/*', '*/', '\n', ' ', 'WITH ', 'UNION ', 'CASE ', 'WHEN ', 'END', '$$', '{{ ', ' }}', '{% ', ' %}', 'ref(', "'m'",
    'config(', '=', '*', 'GO\n', 'BEGIN ', 'CREATE TABLE ', 'MERGE INTO '],
  php: ['$x', '$this->', '->', '::', '(', ')', '[', ']', '{', '}', ';', ',', '=', '.', '"', "'", '"$x"', '<<<EOT\n', 'EOT;\n', '\n', ' ',
    'function ', 'class ', 'return ', '$pdo->query(', '"SELECT * FROM t"', 'error_log(', 'echo ', '//', '/*', '*/', '?>', 'new ', 'fn',
    '=>', "$row['email']", '@'],
  cpp: ['int ', 'x', '(', ')', '{', '}', '[', ']', ';', ',', '=', '<', '>', '::', '->', '.', '"', "'", '#define ', '#include ', '\n', ' ',
    'std::string ', 'sqlite3_exec(', '"SELECT * FROM t"', 'printf(', 'template ', 'class ', 'return ', '//', '/*', '*/', 'R"(', ')"', '\\',
    'auto ', '&', '*', 'operator'],
};

/** `count` files per language of about `size` characters each: `soup/<n>.<ext>` -> text. */
export function tokenSoup(count: number, size: number, seed: number): Record<string, string> {
  const random = seededRandom(seed);
  const files: Record<string, string> = {};
  for (const [ext, tokens] of Object.entries(SOUP_TOKENS)) {
    for (let n = 0; n < count; n++) {
      let text = ext === 'php' ? '<?php\n' : '';
      while (text.length < size) {
        const token = tokens[Math.floor(random() * tokens.length)]!;
        text += random() < 0.15 ? token.repeat(1 + Math.floor(random() * 2000)) : token;
      }
      files[`soup/${n}.${ext}`] = text;
    }
  }
  return files;
}
