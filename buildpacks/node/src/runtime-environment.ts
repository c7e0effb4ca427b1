import { join } from 'node:path';
import type { SupplyContext } from '@bpkit/buildpack';

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
 * Writes the env files (defaults only where unset, NODE_HOME always) and profile.d/node.sh; returns the
 * variables to add to this buildpack's own staging environment (CF re-runs SetStagingEnvironment here).
 */
export async function writeRuntimeEnvironment(ctx: SupplyContext, nodeMajor: number): Promise<Record<string, string>> {
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(ENV_DEFAULTS)) {
    if (ctx.env[name]) continue;
    await ctx.deps.writeEnvFile(name, value);
    added[name] = value;
  }
  const nodeHome = join(ctx.depDir, 'node');
  await ctx.deps.writeEnvFile('NODE_HOME', nodeHome);
  added['NODE_HOME'] = nodeHome;
  if (nodeMajor >= 18 && !ctx.env['SSL_CERT_DIR']) added['SSL_CERT_DIR'] = '/etc/ssl/certs';
  await ctx.deps.writeProfileD('node.sh', nodeProfileScript(ctx.depsIdx, nodeMajor));
  return added;
}
