import { runtimeApp, setAppEnv, vcapApplication } from '@bpkit/platform';
import { type Command, DATA_DIR_HELP } from '../command.ts';
import { appCommandArgs, inSpace } from './app-target.ts';

const restageTip = (name: string): string => `TIP: Use 'bpkit restage ${name}' to ensure your env variable changes take effect.\n`;

export const envCommand: Command = {
  name: 'env',
  summary: "Show an app's environment: system-provided (VCAP_*) and user-provided (cf env)",
  usage: 'bpkit env APP_NAME',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { name, dir, record } = await appCommandArgs('env', argv, ['APP_NAME']);
    const app = await runtimeApp(dir, record);
    process.stdout.write(inSpace(`Getting env variables for app ${name}`));
    const out = ['System-Provided:', `VCAP_SERVICES: ${JSON.stringify(app.services, null, 2)}`, '', `VCAP_APPLICATION: ${JSON.stringify(vcapApplication(app), null, 2)}`, ''];
    const user = Object.entries({ ...record.env, ...record.pushEnv }).sort(([a], [b]) => a.localeCompare(b));
    out.push(user.length > 0 ? ['User-Provided:', ...user.map(([k, v]) => `${k}: ${v}`)].join('\n') : 'No user-provided env variables have been set');
    out.push('', 'No running env variables have been set', '', 'No staging env variables have been set', '');
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};

export const setEnvCommand: Command = {
  name: 'set-env',
  summary: 'Set an env variable for an app (cf set-env); restage to apply it',
  usage: 'bpkit set-env APP_NAME ENV_VAR_NAME ENV_VAR_VALUE',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { name, args, dir } = await appCommandArgs('set-env', argv, ['APP_NAME', 'ENV_VAR_NAME', 'ENV_VAR_VALUE']);
    const [, key, value] = args as [string, string, string];
    process.stdout.write(inSpace(`Setting env variable ${key} for app ${name}`));
    await setAppEnv(dir, name, key, value);
    process.stdout.write(`OK\n${restageTip(name)}`);
    return 0;
  },
};

export const unsetEnvCommand: Command = {
  name: 'unset-env',
  summary: 'Remove an env variable from an app (cf unset-env); restage to apply it',
  usage: 'bpkit unset-env APP_NAME ENV_VAR_NAME',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { name, args, dir } = await appCommandArgs('unset-env', argv, ['APP_NAME', 'ENV_VAR_NAME']);
    const [, key] = args as [string, string];
    process.stdout.write(inSpace(`Removing env variable ${key} from app ${name}`));
    if (!(await setAppEnv(dir, name, key, undefined))) {
      process.stdout.write(`Env variable ${key} was not set.\nOK\n`);
      return 0;
    }
    process.stdout.write(`OK\n${restageTip(name)}`);
    return 0;
  },
};
