import '../core/zodSetup';
import { runCheckSpecCommand } from './checkSpec';
import { runConsoleCommand } from './console';
import { runConvertCommand } from './convert';
import { runDemoCommand } from './demo';
import { runDoctorCommand } from './doctor';
import { runImportScriptCommand, runLaunchScriptCommand } from './launchScript';
import { runLintCommand } from './lint';
import { runPresetsCommand } from './presets';
import { processIo } from './processIo';
import { runSummaryCommand } from './summary';

const HELP = `rollout-studio ${__ROLLOUT_STUDIO_VERSION__}: rollouts and tool calls of slime runs, from the command line.

Usage: rollout-studio <command> [options]

Commands:
  lint <file...>     tool-call diagnostics and SGLang verdicts for datasets, rollouts and completions
  summary <file...>  pass^k, pass@k, rewards and termination reasons of tau2 results or rollouts
  convert <file>     any supported rollout source to the tap's record format
  doctor <box>       connect to a box (ssh host or 'local') and report what it has for training
  import-script <f>  read a slime bash launch script into a run spec (what it cannot read, by line)
  launch-script <f>  print the exact launch.sh a run spec launches
  check-spec <f>     lint a run spec (or --preset <id>) against slime's flags, as Start GRPO Run does
  presets            list the run presets Start GRPO Run offers
  console <log>      name a run's failure, its progress and step timeline from its console.log
  demo <runs-root>   replay the demo GRPO run into a runs directory (no GPU needed)

Options:
  -h, --help         show this help
  -v, --version      print the version

Run 'rollout-studio <command> --help' for a command's options.`;

type Command = (
  argv: string[],
  io: {
    stdout: (s: string) => void;
    stderr: (s: string) => void;
    readFile: (p: string) => Promise<string>;
    listDir: (p: string) => Promise<string[]>;
  },
) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  lint: runLintCommand,
  summary: runSummaryCommand,
  convert: runConvertCommand,
  doctor: runDoctorCommand,
  'launch-script': runLaunchScriptCommand,
  'import-script': runImportScriptCommand,
  'check-spec': runCheckSpecCommand,
  presets: runPresetsCommand,
  console: runConsoleCommand,
  demo: runDemoCommand,
};

async function main(argv: string[]): Promise<number> {
  const io = processIo();
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(`${HELP}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${__ROLLOUT_STUDIO_VERSION__}\n`);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    io.stderr(`rollout-studio: unknown command '${first}'\n\n${HELP}\n`);
    return 2;
  }
  return command(rest, io);
}

// `rollout-studio summary … | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`rollout-studio: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
