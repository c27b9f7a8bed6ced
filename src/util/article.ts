/** `a log sink`, `an email sink`, `an http sink`: the indefinite article for a word as it is read aloud. */
const AN_LETTERS = /^(?:[aeiou]|http|html|sql|smtp|s3)/i;

export function withArticle(word: string): string {
  return `${AN_LETTERS.test(word) ? 'an' : 'a'} ${word}`;
}
