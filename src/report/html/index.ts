/**
 * The HTML reporter: one self-contained page (dashboard, findings, graph explorer) that opens from file:// with no
 * server and makes no network request (a Content-Security-Policy forbids it). The report is embedded verbatim as
 * JSON, next to the precomputed page data (explanations, drift); the browser code and styles are inlined from the
 * built assets. Same report and options -> same bytes: no timestamps, no random ids.
 */
import path from 'node:path';
import type { Report } from '../json/schema.js';
import { pageAssets } from './assets.js';
import { escapeHtml, jsonForScript } from './embed.js';
import { pageData, type PageOptions } from './page-data.js';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export type HtmlOptions = PageOptions;

/** The page title for a scanned folder: as typed, or the folder's own name for `.`. */
export function htmlTitle(target: string): string {
  return target === '.' || target === './' || target === '' ? path.basename(path.resolve(target)) : target.replace(/\\/g, '/');
}

export function formatHtml(report: Report, options: HtmlOptions): string {
  const { script, style } = pageAssets();
  const data = pageData(report, options);
  const title = escapeHtml(options.title);
  const version = escapeHtml(report.tool.version);
  // A `</script` or `</style` inside the inlined code would end its element early: refuse rather than emit a broken page.
  if (/<\/script/i.test(script) || /<\/style/i.test(style)) throw new Error('the HTML report assets contain a closing script or style tag');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="lineage ${version}">
<title>Lineage report: ${title}</title>
<style>
${style}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
  <div class="brand">
    <svg class="logo" viewBox="0 0 24 24" aria-hidden="true"><circle cx="5" cy="12" r="3"/><circle cx="19" cy="6" r="3"/><circle cx="19" cy="18" r="3"/><path d="M8 12h3l5-5M11 12l5 5"/></svg>
    <h1>Lineage report <span class="target">${title}</span></h1>
  </div>
  <div class="search" role="search">
    <label for="search-input" class="visually-hidden">Search an asset or column</label>
    <input id="search-input" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="search-list" autocomplete="off" spellcheck="false" placeholder="Search an asset or column (press /)">
    <ul id="search-list" role="listbox" aria-label="Matching assets and columns" hidden></ul>
    <p id="search-status" class="visually-hidden" role="status" aria-live="polite"></p>
  </div>
  <button id="theme-toggle" class="button" type="button">Theme: auto</button>
</header>
<nav class="tabs" role="tablist" aria-label="Report sections">
  <button type="button" role="tab" id="tab-dashboard" aria-controls="panel-dashboard" aria-selected="true">Dashboard</button>
  <button type="button" role="tab" id="tab-findings" aria-controls="panel-findings" aria-selected="false" tabindex="-1">Findings <span class="count" id="findings-count"></span></button>
  <button type="button" role="tab" id="tab-explorer" aria-controls="panel-explorer" aria-selected="false" tabindex="-1">Graph explorer</button>
</nav>
<main id="main">
  <section id="panel-dashboard" class="panel" role="tabpanel" aria-labelledby="tab-dashboard" tabindex="-1"></section>
  <section id="panel-findings" class="panel" role="tabpanel" aria-labelledby="tab-findings" tabindex="-1" hidden></section>
  <section id="panel-explorer" class="panel" role="tabpanel" aria-labelledby="tab-explorer" tabindex="-1" hidden></section>
  <noscript><p class="notice">This report needs JavaScript to draw its dashboard and graph. The full report is embedded in the page as JSON (<code>script#lineage-report</code>).</p></noscript>
</main>
<footer class="footer">lineage ${version} · report schema ${escapeHtml(report.schemaVersion)} · a self-contained page: it loads nothing from the network</footer>
<script type="application/json" id="lineage-report">${jsonForScript(report)}</script>
<script type="application/json" id="lineage-page">${jsonForScript(data)}</script>
<script>
${script}</script>
</body>
</html>
`;
}
