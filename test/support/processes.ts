// Running the project's commands as a user does, in child processes: a build, an import, `npm start`.
// Tests of the index's lifecycle kill them (TIP_CRASH_AT, server/indexer/crash-points.ts), run several
// at once, and start a server after them.
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './corpus.ts';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  /** What it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the first match of `pattern` in its output; rejects if it ends before. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  finished: Promise<Finished>;
}

/** Start a TypeScript script of the repository (`scripts/index.ts`, `server/main.ts`) with node and tsx. */
export function runScript(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let [stdout, stderr] = ['', ''];
  const listeners = new Set<() => void>();
  const heard = () => {
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    heard();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    heard();
  });
  const finished = new Promise<Finished>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const output = () => stdout + stderr;
  return {
    child,
    output,
    finished,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const match = pattern.exec(output());
          if (match) {
            listeners.delete(look);
            resolve(match);
          }
        };
        listeners.add(look);
        look();
        void finished.then(() => {
          if (listeners.has(look)) reject(new Error(`${script} ended before printing ${pattern}:\n${output()}`));
        });
      }),
  };
}

/** Run a script to its end. */
export function runToEnd(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Promise<Finished> {
  return runScript(script, args, env, cwd).finished;
}

/**
 * `npm start` (server/main.ts; `script` 'scripts/start.mjs': compiled, as the npm script runs it) on a free
 * port; resolves once it serves, with its address and a stop.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  cwd = ROOT,
  script = 'server/main.ts',
): Promise<{ url: string; output: () => string; stop: () => Promise<Finished> }> {
  const server = runScript(script, [], { HOST: '', PORT: '0', PUBLIC_URL: '', ...env }, cwd);
  const [, url] = await server.waitFor(/Serving .* on (\S+)/);
  return {
    url: url!,
    output: server.output,
    stop: () => {
      server.child.kill();
      return server.finished;
    },
  };
}
