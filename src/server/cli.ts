import { promptNewPassword, readPasswordFromStdin } from './cli/read-password';
import { runCli } from './cli/run-cli';

/** `npm run cli -- --help` */
const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readPassword: (fromStdin) => (fromStdin ? readPasswordFromStdin() : promptNewPassword()),
  env: process.env,
});
process.exitCode = code;
