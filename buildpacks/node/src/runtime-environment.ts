import { join } from 'node:path';
import { type Env, type SupplyContext, unsetDefaults } from '@bpkit/buildpack';

/** CF's CreateDefaultEnv: written as env files only when the user left them unset. */
export const ENV_DEFAULTS: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  NPM_CONFIG_PRODUCTION: 'true',
  NPM_CONFIG_LOGLEVEL: 'error',
  NODE_MODULES_CACHE: 'true',
  NODE_VERBOSE: 'false',
  WEB_MEMORY: '512',
  WEB_CONCURRENCY: '1',
};

/**
 * MEMORY_AVAILABLE from VCAP_APPLICATION's `limits.mem`, in plain sh: CF's node.sh pipes it through jq,
 * which stacks may lack. The first `"mem"` key after `"limits"` is the memory limit in MB.
 */
export const MEMORY_AVAILABLE_SH = `if [ -z "\${MEMORY_AVAILABLE:-}" ]; then
  case "\${VCAP_APPLICATION:-}" in
    *'"limits"'*'"mem"'*)
      bpkit_mem=\${VCAP_APPLICATION#*'"limits"'}
      bpkit_mem=\${bpkit_mem#*'"mem"'}
      bpkit_mem=\${bpkit_mem#*:}
      bpkit_mem=\${bpkit_mem#"\${bpkit_mem%%[![:space:]]*}"}
      bpkit_mem=\${bpkit_mem%%[!0-9]*}
      if [ -n "$bpkit_mem" ]; then export MEMORY_AVAILABLE="$bpkit_mem"; fi
      unset bpkit_mem
      ;;
  esac
fi
`;

/** profile.d/node.sh: sourced at launch from $DEPS_DIR, so paths are written relative to it. */
export function nodeProfileScript(depsIdx: string, nodeMajor: number): string {
  let body = `export NODE_HOME="$DEPS_DIR/${depsIdx}/node"
export NODE_ENV=\${NODE_ENV:-production}
${MEMORY_AVAILABLE_SH}export WEB_MEMORY=\${WEB_MEMORY:-512}
export WEB_CONCURRENCY=\${WEB_CONCURRENCY:-1}
export PATH="$PATH:$HOME/bin:$HOME/node_modules/.bin"
`;
  // Node 18+ links its own OpenSSL, which needs to be told where the stack's CA certificates are.
  if (nodeMajor >= 18) body += 'export SSL_CERT_DIR=${SSL_CERT_DIR:-/etc/ssl/certs}\n';
  return body;
}

/**
 * The env files (CF's defaults where the user left them unset, NODE_HOME always) and profile.d/node.sh. CF then
 * logs the npm, yarn and Node settings the install will see, and says when NODE_ENV cannot take effect.
 */
export function runtimeEnvironment(ctx: SupplyContext, nodeMajor: number): { env: Record<string, string>; profileD: Record<string, string> } {
  const env = unsetDefaults(ctx.env, ENV_DEFAULTS);
  env['NODE_HOME'] = join(ctx.depDir, 'node');
  const all: Env = { ...ctx.env, ...env };
  for (const [k, v] of Object.entries(all).sort(([a], [b]) => a.localeCompare(b))) {
    if (/^(NPM_CONFIG_|YARN_|NODE_)/.test(k) && k !== 'NODE_EXTRA_CA_CERTS' && k !== 'NODE_OPTIONS') ctx.log.info(`${k}=${v ?? ''}`);
  }
  if (all['NPM_CONFIG_PRODUCTION'] === 'true' && (all['NODE_ENV'] ?? 'production') !== 'production') {
    ctx.log.info(`npm scripts will see NODE_ENV=production (not '${all['NODE_ENV']}')\nhttps://docs.npmjs.com/misc/config#production`);
  }
  return { env, profileD: { 'node.sh': nodeProfileScript(ctx.depsIdx, nodeMajor) } };
}
