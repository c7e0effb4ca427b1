# lib/bootstrap.sh: sourced by bin/* with bp_dir set; sets bpkit_node to a Node.js (>= 20) to run
# the phase bundle with. Copied into every buildpack by bpkit-bundle.
#
# Where Node comes from, first match wins:
#   1. $BPKIT_NODE, an explicit override (an error if it is not executable);
#   2. a runtime vendored in the buildpack: <bp>/vendor/node/bin/node;
#   3. `node` on PATH, when its major version is 20 or higher;
#   4. the `node` dependency of the buildpack's manifest.yml for $CF_STACK (see lib/node-runtime):
#      copied from the buildpack (`file:`, cached buildpacks) or downloaded with curl from its uri,
#      or from $BPKIT_DEPENDENCY_MIRROR (which replaces the uri's scheme://host); sha256-checked
#      and unpacked once into ${BPKIT_NODE_CACHE:-/tmp/bpkit-node}/<sha256>. curl retries
#      ${BPKIT_DOWNLOAD_RETRIES:-5} times with backoff (CF's shims did not retry: flaky pushes).
# CF stacks ship no Node, so 4 is what runs on a real platform with an uncached buildpack.

bpkit_say() {
  if [ -n "${bpkit_log_to_stderr:-}" ]; then printf '%s\n' "$*" >&2; else printf '%s\n' "$*"; fi
}

bpkit_fail() {
  if [ -n "${bpkit_tmp:-}" ]; then rm -rf "$bpkit_tmp"; fi
  bpkit_say "$(printf '       \033[31;1m**ERROR**\033[0m %s' "$*")"
  exit 1
}

# scheme://user:password@host/... -> scheme://-redacted-:-redacted-@host/...
bpkit_redact() {
  printf '%s\n' "$1" | sed 's#^\([A-Za-z][A-Za-z0-9+.-]*://\)[^/@]*@#\1-redacted-:-redacted-@#'
}

bpkit_node_major_ok() {
  bpkit_v=$("$1" --version 2>/dev/null) || return 1
  bpkit_v=${bpkit_v#v}
  bpkit_v=${bpkit_v%%.*}
  case "$bpkit_v" in '' | *[!0-9]*) return 1 ;; esac
  [ "$bpkit_v" -ge 20 ]
}

bpkit_install_node() {
  if ! . "$bp_dir/lib/node-runtime" 2>/dev/null; then
    bpkit_fail "This buildpack has no lib/node-runtime; rebuild it with bpkit-bundle"
  fi
  if ! bpkit_node_runtime "${CF_STACK:-}"; then
    bpkit_fail "No Node.js runtime for stack '${CF_STACK:-}' in this buildpack's manifest.yml (it has: ${bpkit_node_runtime_stacks}). Set BPKIT_NODE to a Node.js 20+ executable."
  fi

  bpkit_cache=${BPKIT_NODE_CACHE:-/tmp/bpkit-node}
  bpkit_dest=$bpkit_cache/$node_sha256
  if [ -x "$bpkit_dest/bin/node" ]; then
    bpkit_node=$bpkit_dest/bin/node
    return 0
  fi

  bpkit_say "-----> Installing bootstrap Node.js $node_version"
  if [ -n "${node_reason:-}" ]; then bpkit_say "       Chosen by $node_reason"; fi
  mkdir -p "$bpkit_cache" || bpkit_fail "Cannot create $bpkit_cache"
  bpkit_tmp=$(mktemp -d "$bpkit_cache/.tmp.XXXXXX") || bpkit_fail "Cannot create a temporary directory in $bpkit_cache"
  bpkit_archive=$bpkit_tmp/${node_uri##*/}

  if [ -n "$node_file" ]; then
    bpkit_say "       Copy [$bp_dir/$node_file]"
    cp "$bp_dir/$node_file" "$bpkit_archive" || bpkit_fail "Cannot copy $bp_dir/$node_file"
  else
    bpkit_url=$node_uri
    if [ -n "${BPKIT_DEPENDENCY_MIRROR:-}" ]; then
      bpkit_rest=${node_uri#*://}
      case "$bpkit_rest" in */*) bpkit_rest=/${bpkit_rest#*/} ;; *) bpkit_rest= ;; esac
      bpkit_url=${BPKIT_DEPENDENCY_MIRROR%/}$bpkit_rest
    fi
    bpkit_shown=$(bpkit_redact "$bpkit_url")
    bpkit_say "       Download [$bpkit_shown]"
    curl -fsSL --retry "${BPKIT_DOWNLOAD_RETRIES:-5}" --retry-all-errors --connect-timeout 10 -o "$bpkit_archive" "$bpkit_url" ||
      bpkit_fail "Could not download Node.js $node_version from $bpkit_shown"
  fi

  bpkit_actual=$(sha256sum "$bpkit_archive") || bpkit_fail "Cannot compute the sha256 of $bpkit_archive"
  bpkit_actual=${bpkit_actual%% *}
  if [ "$bpkit_actual" != "$node_sha256" ]; then
    bpkit_fail "dependency sha256 mismatch: expected sha256 $node_sha256, actual sha256 $bpkit_actual"
  fi

  # Upstream CF node tarballs and nodejs.org ones differ in their top directory: take bin/node or */bin/node
  # in one pass over the archive (listing first would decompress it twice). tar reports the pattern that
  # matched nothing and exits non-zero, so success is the file being there.
  mkdir -p "$bpkit_tmp/unpacked" "$bpkit_tmp/runtime/bin" || bpkit_fail "Cannot create $bpkit_tmp"
  tar -xzf "$bpkit_archive" -C "$bpkit_tmp/unpacked" --wildcards 'bin/node' './bin/node' '*/bin/node' 2>/dev/null
  bpkit_member=$(find "$bpkit_tmp/unpacked" -path '*/bin/node' -type f 2>/dev/null | head -n 1)
  [ -n "$bpkit_member" ] || bpkit_fail "No bin/node in ${node_uri##*/}"
  mv "$bpkit_member" "$bpkit_tmp/runtime/bin/node" &&
    chmod 755 "$bpkit_tmp/runtime/bin/node" ||
    bpkit_fail "Cannot unpack ${node_uri##*/}"
  bpkit_node_major_ok "$bpkit_tmp/runtime/bin/node" ||
    bpkit_fail "The Node.js in ${node_uri##*/} does not run on this stack or is older than 20"

  # Publish with one rename so concurrent stagings never see a half-written runtime.
  if [ ! -e "$bpkit_dest" ]; then mv "$bpkit_tmp/runtime" "$bpkit_dest" 2>/dev/null; fi
  rm -rf "$bpkit_tmp"
  bpkit_tmp=
  [ -x "$bpkit_dest/bin/node" ] || bpkit_fail "Cannot install Node.js into $bpkit_dest"
  bpkit_node=$bpkit_dest/bin/node
}

if [ -n "${BPKIT_NODE:-}" ]; then
  if [ ! -f "$BPKIT_NODE" ] || [ ! -x "$BPKIT_NODE" ]; then
    bpkit_fail "BPKIT_NODE is set to $BPKIT_NODE, which is not an executable file"
  fi
  bpkit_node=$BPKIT_NODE
elif [ -x "$bp_dir/vendor/node/bin/node" ]; then
  bpkit_node=$bp_dir/vendor/node/bin/node
elif bpkit_node=$(command -v node) && bpkit_node_major_ok "$bpkit_node"; then
  :
else
  bpkit_install_node
fi
