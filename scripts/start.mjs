// `npm start`: the main job on the bundled tutorial example — its connectivity and the probes
// of the tutorial, each with the verdict and the rules behind it — then the studio on the same
// example, served until Ctrl-C (or SIGTERM), which stops it cleanly.
import { runCli } from '../dist/cli/main.js';

const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => '',
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  cwd: process.cwd(),
};
const example = 'examples/tutorial';
const say = (text) => process.stdout.write(`\n${text}\n`);

say(
  `Connectivity of ${example} (namespaces dev1, dev2, default; policies deny-all and kube-demo in dev2):\n`,
);
await runCli(['matrix', example], io);

const probes = [
  ['demo1 (dev1) curls demo2 (dev2) on port 80', ['dev1/demo1', 'dev2/demo2', '--port', '80']],
  ['the default pod curls demo2 on port 80', ['default/default', 'dev2/demo2', '--port', '80']],
  ['demo1 curls http-echo on 8080, where it listens', ['dev1/demo1', 'dev2/http-echo', '--port', '8080']],
  ['demo1 curls the http-echo Service IP with no port (curl uses 80)', ['dev1/demo1', '10.98.167.221']],
];
for (const [title, args] of probes) {
  say(`$ kubereach check ${args.join(' ')} ${example}    # ${title}`);
  await runCli(['check', ...args, example], io);
}
say('Try: node dist/cli/bin.js --help');

// The studio runs until interrupted; the first Ctrl-C or SIGTERM closes it, a second one kills.
const onInterrupt = (stop) => {
  const handler = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
};
say(`The studio on ${example}: open the URL below in a browser (Tutorial replays the steps above).`);
process.exitCode = await runCli(['serve', example], { ...io, onInterrupt, platform: process.platform });
