/**
 * Getter names (`get_password`, `fetchEmail`): the subject a call's name says it returns. Call names repeat a lot
 * across a program, so the snake-cased subject is computed once per name.
 */
const GETTER = /^(?:get|fetch|read|load|lookup|retrieve|find|obtain|current|generate|gen|decrypt|decode)_(.+)$/;

const snakeCache = new Map<string, string>();
const subjectCache = new Map<string, string | undefined>();

/** `fetchEmail` -> `fetch_email`. */
export function snakeName(name: string): string {
  let snake = snakeCache.get(name);
  if (snake === undefined) {
    snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    snakeCache.set(name, snake);
  }
  return snake;
}

/** `get_email` / `fetchEmail` -> `email`; undefined when the name is not a getter's. */
export function getterSubject(name: string): string | undefined {
  if (subjectCache.has(name)) return subjectCache.get(name);
  const subject = GETTER.exec(snakeName(name))?.[1];
  subjectCache.set(name, subject);
  return subject;
}
