/**
 * Data embedded in an HTML page as `<script type="application/json">`: JSON whose text can never end the script
 * element or break the page. Every `<` becomes `\u003c` (so `</script>` and `<!--` cannot appear), and U+2028 /
 * U+2029 are escaped (valid in JSON, line terminators in older JavaScript). `JSON.parse` of the element's text gives
 * the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
