#!/usr/bin/env node
// Build RightHelp's front-end assets into righthelp/static/dist/.
//
//   npm ci && npm run build
//
// 1. Compiles righthelp/static/scss/application.scss to dist/application.css (compressed).
// 2. Copies the prebuilt JavaScript of GOV.UK Frontend, MoJ Frontend and htmx, with their
//    source maps, and the images/manifest those libraries' CSS refers to, into dist/.
// 3. Checks that every url() in the CSS and every sourceMappingURL in the JS points at a file
//    that exists in dist/, because Django's ManifestStaticFilesStorage (WhiteNoise) refuses
//    to collectstatic when a referenced file is missing.
//
// dist/ is git-ignored: it is built at install time; nothing here runs in production.

import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nodeModules = join(root, "node_modules");
const staticDir = join(root, "righthelp", "static");
const dist = join(staticDir, "dist");
const entry = join(staticDir, "scss", "application.scss");

const govuk = join(nodeModules, "govuk-frontend", "dist", "govuk");
const moj = join(nodeModules, "@ministryofjustice", "frontend", "moj");
const htmx = join(nodeModules, "htmx.org", "dist");

function fail(message) {
  console.error(`build_assets: ${message}`);
  process.exit(1);
}

for (const dir of [govuk, moj, htmx]) {
  if (!existsSync(dir)) fail(`${relative(root, dir)} is missing: run "npm ci" first.`);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// --- Sass -------------------------------------------------------------------------------------
// GOV.UK Frontend and MoJ Frontend emit deprecation @warn messages from inside their own code
// (for example MoJ still calls govuk-text-colour). Those are not ours to fix, so count them
// instead of printing them; warnings from our own stylesheets are printed in full.
let dependencyWarnings = 0;
const isDependency = (text) => /node_modules[\\/]/.test(text ?? "");
const logger = {
  warn(message, options) {
    const where = `${options.span?.url ?? ""}\n${options.stack ?? ""}`;
    const firstFrame = (options.stack ?? "").split("\n")[0];
    if (isDependency(options.span?.url?.toString()) || isDependency(firstFrame)) {
      dependencyWarnings += 1;
      return;
    }
    console.warn(`Sass warning: ${message}\n${where.trim()}\n`);
  },
  debug(message, options) {
    console.warn(`Sass debug: ${message} (${options.span?.url ?? ""})`);
  },
};

let result;
try {
  result = sass.compile(entry, {
    style: "compressed",
    sourceMap: false,
    charset: false,
    // "pkg:govuk-frontend" style imports use the package.json "sass" exports; MoJ Frontend
    // itself imports "node_modules/govuk-frontend/...", which resolves against the root.
    importers: [new sass.NodePackageImporter(root)],
    loadPaths: [root, nodeModules],
    quietDeps: true,
    logger,
  });
} catch (error) {
  fail(`Sass failed:\n${error.message}`);
}
writeFileSync(join(dist, "application.css"), result.css);

// --- Copy prebuilt files ----------------------------------------------------------------------
const copies = [
  [join(govuk, "govuk-frontend.min.js"), "govuk-frontend.min.js"],
  [join(govuk, "govuk-frontend.min.js.map"), "govuk-frontend.min.js.map"],
  [join(moj, "moj-frontend.min.js"), "moj-frontend.min.js"],
  [join(moj, "moj-frontend.min.js.map"), "moj-frontend.min.js.map"],
  [join(htmx, "htmx.min.js"), "htmx.min.js"],
];
for (const [from, to] of copies) {
  if (!existsSync(from)) fail(`${relative(root, from)} is missing.`);
  copyFileSync(from, join(dist, to));
}
// Both libraries' CSS resolves images from one assets path ("assets/", relative to
// application.css): GOV.UK's images and manifest, then MoJ's images merged in beside them.
cpSync(join(govuk, "assets"), join(dist, "assets"), { recursive: true });
cpSync(join(moj, "assets"), join(dist, "assets"), { recursive: true });

// --- Check references -------------------------------------------------------------------------
const missing = [];
for (const match of result.css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
  const target = match[1];
  if (/^(data:|https?:|#)/.test(target)) continue;
  if (target.startsWith("/")) {
    missing.push(`application.css refers to absolute URL ${target}; use a relative path`);
    continue;
  }
  const clean = target.split(/[?#]/)[0];
  if (!existsSync(join(dist, ...clean.split(posix.sep)))) {
    missing.push(`application.css refers to ${target}, which is not in dist/`);
  }
}
for (const [, to] of copies.filter(([, name]) => name.endsWith(".js"))) {
  const text = readFileSync(join(dist, to), "utf8");
  const map = text.match(/\/\/# sourceMappingURL=(\S+)\s*$/);
  if (map && !existsSync(join(dist, map[1]))) {
    missing.push(`${to} refers to ${map[1]}, which is not in dist/`);
  }
}
if (missing.length) fail(`broken references:\n  ${missing.join("\n  ")}`);

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(`build_assets: wrote ${relative(root, dist)}/`);
console.log(`  application.css ${kib(Buffer.byteLength(result.css))}`);
for (const [, to] of copies) console.log(`  ${to}`);
console.log("  assets/ (GOV.UK Frontend and MoJ Frontend images, manifest.json, fonts)");
if (dependencyWarnings) {
  console.log(`  (${dependencyWarnings} Sass warning(s) from GOV.UK/MoJ Frontend's own code hidden)`);
}
