// Start the app for a benchmark exactly as the README says (`npm start`), on a given port, and stop it.
// Benchmarks measure what users get, so they go through the documented start, not an in-process app.
import { spawn, type ChildProcess } from 'node:child_process';
import { PATHS } from '../server/paths.ts';

export interface RunningServer {
  origin: string;
  /** Milliseconds from spawning `npm start` to the "Serving" line. */
  startupMs: number;
  /** The process id of `npm start` (the Node process serving is its descendant running scripts/start.mjs). */
  pid: number;
  stop: () => Promise<void>;
}

/** `env` adds to the environment, as an operator would (`FAIR_SHARE=off npm start`). */
export async function startServer(port: number, env: Record<string, string> = {}): Promise<RunningServer> {
  const started = performance.now();
  // Its own process group, so stopping it stops npm and the node process under it.
  const child = spawn('npm', ['start'], {
    // The repository, where `npm start` is defined (PATHS.root is the collection under TIP_COLLECTION).
    cwd: PATHS.code,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Serving .* on http/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before serving:\n${output}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    startupMs: performance.now() - started,
    pid: child.pid!,
    stop: () => stopServer(child),
  };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}
