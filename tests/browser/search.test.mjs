// The search script folds text exactly as the Rust index side does.
// Run by tests/browser.rs:  node search.test.mjs SEARCH_JS INDEX_JSON CASES_JSON
// CASES_JSON is [[input, expected], …] with `expected` computed by shafaf::render::search::normalize.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const [scriptPath, indexPath, casesPath] = process.argv.slice(2);
const sandbox = {};
vm.runInNewContext(readFileSync(scriptPath, "utf8"), sandbox);
const search = sandbox.shafafSearch;
if (!search) {
  console.log("search.js did not expose its functions outside a browser");
  process.exit(1);
}
const index = JSON.parse(readFileSync(indexPath, "utf8"));
const cases = JSON.parse(readFileSync(casesPath, "utf8"));
let failed = 0;
for (const [input, expected] of cases) {
  const got = search.normalize(input, index.fold);
  if (got !== expected) {
    failed++;
    console.log(`normalize(${JSON.stringify(input)}) = ${JSON.stringify(got)}, Rust gives ${JSON.stringify(expected)}`);
  }
}
// Every word of the query must occur.
if (!search.matches("indicator 1.1.9 personnel", "1.1.9 person")) { failed++; console.log("matches: all words"); }
if (search.matches("indicator 1.1.9", "1.1.9 funds")) { failed++; console.log("matches: a missing word"); }
if (search.digits(125, "arab") !== "١٢٥" || search.digits(125, "latn") !== "125") { failed++; console.log("digits"); }
console.log(`${cases.length + 3 - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
