#!/usr/bin/env bash
# Runs the README's test command as on a fresh machine that has only Node and
# npm: in a private mount namespace where the system's Chromium and
# PostgreSQL (programs, libraries, the postgres account) are hidden, and the
# variables that would point the tests at them are unset. Nothing changes
# outside the namespace.
#
#   sudo scripts/test-fresh-machine.sh                 # npm ci && npm test
#   sudo scripts/test-fresh-machine.sh npx vitest run test/browser
#
# Needs root (unshare --mount) and overlayfs, which hides files with whiteouts.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-fresh-machine: run as root (it needs unshare --mount)" >&2
    exit 2
  fi
  exec unshare --mount --propagation private "$0" --inside "$@"
fi
shift

scratch=$(mktemp -d)
mount -t tmpfs tmpfs "$scratch"

# hide DIR NAME...: an overlay over DIR in which each NAME (file or folder) does not exist.
hide() {
  local dir=$1 layer
  shift
  [ -d "$dir" ] || return 0
  layer="$scratch/layer$(echo "$dir" | tr / _)"
  mkdir -p "$layer/upper" "$layer/work"
  for name in "$@"; do mknod "$layer/upper/$name" c 0 0; done
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$layer/upper,workdir=$layer/work" "$dir"
}

# The names that exist in DIR and match one of the patterns.
present() {
  local dir=$1 pattern
  shift
  for pattern in "$@"; do (cd "$dir" 2>/dev/null && compgen -G "$pattern") || true; done
}

# shellcheck disable=SC2046 # one word per name
hide /usr/bin $(present /usr/bin 'chromium*' 'google-chrome*' 'psql' 'pg_*' 'postgres*' 'initdb')
# shellcheck disable=SC2046
hide /usr/local/bin $(present /usr/local/bin 'chromium*' 'psql' 'pg_*' 'postgres*' 'initdb')
# shellcheck disable=SC2046
hide /usr/lib $(present /usr/lib 'chromium' 'postgresql')
# shellcheck disable=SC2046
hide /usr/share $(present /usr/share 'chromium' 'postgresql' 'postgresql-common')
for file in passwd group; do
  grep -v '^postgres:' "/etc/$file" >"$scratch/$file"
  mount --bind "$scratch/$file" "/etc/$file"
done
unset ROUNDTRIP_CHROMIUM ROUNDTRIP_PG_BIN

if command -v chromium >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || command -v pg_ctl >/dev/null || id postgres >/dev/null 2>&1; then
  echo "test-fresh-machine: could not hide the system's Chromium or PostgreSQL" >&2
  exit 2
fi
echo "test-fresh-machine: no system Chromium, no system PostgreSQL, no postgres account; running: ${*:-npm ci && npm test}"

export NO_COLOR=1 CI=true
if [ $# -gt 0 ]; then
  "$@"
else
  npm ci && npm test
fi
echo "test-fresh-machine: passed"
