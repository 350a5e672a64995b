#!/usr/bin/env node
// Accessibility fixes to Observable Framework's page template, applied to the built pages (dist/**/*.html) after
// `observable build`, since the template offers no option for them: the page's language, a viewport that lets a
// reader zoom (no maximum-scale), a skip link to the content, names for the sidebar toggle and the navigation
// landmarks, and the sidebar's close button moved out of its list (a <label> may not be a child of <ol>). It also
// narrows each page's Content-Security-Policy <meta> to the hashes of the page's own inline scripts (csp.mjs).
// Usage: node scripts/page-template.mjs [dir]   (default dist; running it twice changes nothing)
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { withPageCsp } from "./csp.mjs";

/**
 * The fixed page, from Framework's rendered HTML.
 * @param {string} html
 */
export function fixTemplate(html) {
  return html
    .replace(/<html>/, '<html lang="en">')
    .replace(/(<meta name="viewport" content=")[^"]*(")/, "$1width=device-width, initial-scale=1$2")
    .replace(
      /<body>\n(?!<a class="skip-link")/,
      '<body>\n<a class="skip-link" href="#observablehq-main">Skip to the content</a>\n',
    )
    .replace(
      '<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">',
      '<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar" aria-label="Show or hide the list of pages">',
    )
    .replace('<nav id="observablehq-sidebar">', '<nav id="observablehq-sidebar" aria-label="Pages">')
    .replace(
      /<nav id="observablehq-sidebar" aria-label="Pages">\n {2}<ol>\n {4}(<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>)\n/,
      '<nav id="observablehq-sidebar" aria-label="Pages">\n  $1\n  <ol>\n',
    )
    .replace(/(<aside id="observablehq-toc"[^>]*>\n)<nav>/, '$1<nav aria-label="On this page">')
    .replace('<main id="observablehq-main" class="', '<main id="observablehq-main" tabindex="-1" class="');
}

/**
 * @param {string} dir
 * @returns {string[]}
 */
function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith("_") ? [] : htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? "dist";
  const files = htmlFiles(dir);
  for (const f of files) writeFileSync(f, withPageCsp(fixTemplate(readFileSync(f, "utf8"))));
  console.log(
    `page template: ${files.length} page(s) in ${dir}/ given lang, zoomable viewport, skip link, named landmarks, script hashes in their CSP`,
  );
}
