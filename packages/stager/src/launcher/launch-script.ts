// The bash program BAL's launcher execs (launcher/launcher_unix.go getLauncher), byte for byte.
// Run as `bash -c <script> <argv0> <app-dir> <command>`.

export const PRE_START_MESSAGE = 'Invoking pre-start scripts.';
export const START_MESSAGE = 'Invoking start command.';

export function launchScript(entrypointPrefix = ''): string {
  const entryPoint = entrypointPrefix !== '' ? entrypointPrefix : 'bash -c';
  return `
cd "$1"

echo '${PRE_START_MESSAGE}'

if [ -n "$(ls ../profile.d/* 2> /dev/null)" ]; then
  for env_file in ../profile.d/*; do
    source $env_file
  done
fi

if [ -n "$(ls .profile.d/* 2> /dev/null)" ]; then
  for env_file in .profile.d/*; do
    source $env_file
  done
fi

if [ -f .profile ]; then
  source .profile
fi

shift

echo '${START_MESSAGE}'

exec ${entryPoint} "$@"
`;
}
