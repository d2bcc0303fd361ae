#!/usr/bin/env bash
# Installs the pinned lint tools (npm ci, only when package-lock.json changed since the last install) and lints
# docs/openapi.yaml and docs/asyncapi.yaml. Without npm it says so and does nothing: the Java contract tests still
# run, only the lint is skipped.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null; then
  echo "SKIPPED spec lint: npm is not installed (Node.js 20+ is needed for tools/spec-lint)"
  exit 0
fi
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run -s lint
