// Validates docs/asyncapi.yaml the way `asyncapi validate --fail-severity=warn` of @asyncapi/cli does: the same
// parser (@asyncapi/parser, the version that CLI ships) with its default ruleset, failing on any error or warning.
// The CLI itself is not installed: it brings 1.5 GB of dependencies (its Studio) and phones home on every run.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

const file = resolve(process.argv[2] ?? '../../docs/asyncapi.yaml');
const { document, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'), { source: file });
const names = { 0: 'error', 1: 'warning', 2: 'information', 3: 'hint' };
for (const d of diagnostics) {
  const at = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : '';
  console.log(`${file}:${at} ${names[d.severity]} ${d.code} ${d.message}`);
}
const failing = diagnostics.filter((d) => d.severity <= DiagnosticSeverity.Warning);
if (!document || failing.length > 0) {
  console.error(`${file}: ${failing.length} error(s) or warning(s)`);
  process.exit(1);
}
console.log(`${file}: valid AsyncAPI ${document.version()}`);
