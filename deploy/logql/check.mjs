// Parses LogQL queries with Grafana's own LogQL grammar (@grafana/lezer-logql, the parser of Grafana's Loki
// query editor) and fails on any syntax error node. deploy/validate.sh extracts the queries (dashboards' Loki
// targets, the Jaeger datasource's trace-to-logs query), replaces Grafana variables by plain values, and runs:
//
//   node deploy/logql/check.mjs <node_modules folder> <queries.json>     # [{"where": "...", "expr": "..."}]
//
// The grammar is installed with `npm ci` from deploy/logql/package-lock.json into a folder under target/.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [modules, file] = process.argv.slice(2);
if (!modules || !file) {
  console.error('usage: node check.mjs <node_modules folder> <queries.json>');
  process.exit(2);
}
const { parser } = createRequire(resolve(modules, 'package.json'))('@grafana/lezer-logql');

let failures = 0;
const queries = JSON.parse(readFileSync(file, 'utf8'));
for (const { where, expr } of queries) {
  const tree = parser.parse(expr);
  const errors = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`at ${node.from}: "${expr.slice(Math.max(0, node.from - 10), node.from + 10)}"`);
      }
    },
  });
  if (tree.topNode.name !== 'LogQL' || errors.length > 0) {
    failures++;
    console.log(`    FAILED: ${where}: ${expr}\n      syntax error ${errors.join('; ') || `(top node ${tree.topNode.name})`}`);
  } else {
    console.log(`    ok: ${where}`);
  }
}
if (queries.length === 0) {
  console.log('    FAILED: no LogQL query found');
  failures++;
}
process.exit(failures > 0 ? 1 : 0);
