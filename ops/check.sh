#!/usr/bin/env bash
# Checks the shipped Prometheus rules: syntax (promtool check rules), the unit
# tests of every alert (promtool test rules), and that every chat_* metric the
# rules use is documented in docs/reference/metrics.md (a misspelt name would make a
# rule silently never fire, and its own unit test would not notice).
# Installs promtool from Debian's "prometheus" package when it is missing.
set -euo pipefail

cd "$(dirname "$0")/.."

RULES=ops/prometheus/alerts.yml
TESTS=ops/prometheus/alerts.test.yml
DOC=docs/reference/metrics.md

install_promtool() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "check.sh: promtool is not installed and apt-get is not available." >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "check.sh: promtool is not installed and we are not root (no sudo) to install it." >&2
      return 1
    fi
  fi
  echo "check.sh: promtool not found; installing Debian package 'prometheus' (it ships promtool)"
  # Keep the package's postinst from starting a Prometheus server: we only want
  # the promtool binary. policy-rc.d exit 101 = "action forbidden" for
  # invoke-rc.d; only add one when none exists and remove only ours.
  local policy=/usr/sbin/policy-rc.d ours=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    ours=yes
  fi
  local rc=0
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends prometheus >/tmp/check-sh-apt.log 2>&1 \
    || { $sudo apt-get update >>/tmp/check-sh-apt.log 2>&1 \
         && $sudo apt-get install -y --no-install-recommends prometheus >>/tmp/check-sh-apt.log 2>&1; } \
    || rc=$?
  if [ -n "$ours" ]; then $sudo rm -f "$policy"; fi
  if [ "$rc" -ne 0 ]; then
    echo "check.sh: 'apt-get install prometheus' failed (exit $rc); last lines of /tmp/check-sh-apt.log:" >&2
    tail -n 20 /tmp/check-sh-apt.log >&2 || true
    return 1
  fi
  # If a service manager started the server anyway, stop it: CI wants the tool only.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    $sudo systemctl stop prometheus || true
    $sudo systemctl disable prometheus >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/prometheus ] && /etc/init.d/prometheus status >/dev/null 2>&1; then
    $sudo /etc/init.d/prometheus stop || true
  fi
  command -v promtool >/dev/null 2>&1
}

if ! command -v promtool >/dev/null 2>&1; then
  if ! install_promtool; then
    cat >&2 <<'MSG'
check.sh: FAILED: promtool is required to check ops/prometheus/*.yml.
  Install it and re-run, e.g. 'apt-get install prometheus' (Debian/Ubuntu), or put
  the promtool binary from a Prometheus release on PATH.
MSG
    exit 2
  fi
fi
echo "check.sh: using $(promtool --version 2>&1 | head -n 1)"

for f in "$RULES" "$TESTS" "$DOC"; do
  if [ ! -f "$f" ]; then echo "check.sh: FAILED: missing $f" >&2; exit 1; fi
done

status=0

echo "== promtool check rules $RULES"
promtool check rules "$RULES" || status=1

echo "== promtool test rules $TESTS"
promtool test rules "$TESTS" || status=1

echo "== promtool check config --syntax-only ops/prometheus/prometheus.example.yml"
# Syntax only: the example names a token file that exists on a real Prometheus host.
promtool check config --syntax-only ops/prometheus/prometheus.example.yml || status=1

echo "== chat_* metrics used in $RULES are documented in $DOC"
undocumented=0
while read -r name; do
  base=$(printf '%s' "$name" | sed -E 's/_(bucket|count|sum|max)$//')
  if ! grep -q "\`$base\`" "$DOC" && ! grep -q "\`$name\`" "$DOC"; then
    echo "  not documented: $name" >&2
    undocumented=1
  fi
done < <(grep -v '^[[:space:]]*#' "$RULES" | grep -o 'chat_[a-z0-9_]*' | sort -u)
if [ "$undocumented" -ne 0 ]; then status=1; else echo "  all documented"; fi

if [ "$status" -ne 0 ]; then
  echo "check.sh: FAILED" >&2
else
  echo "check.sh: OK"
fi
exit "$status"
