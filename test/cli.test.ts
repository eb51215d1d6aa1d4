// `npm run search`: the engine from a terminal, with exit codes scripts can rely on.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/corpus.ts';

function cli(...args: string[]) {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/search.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr
      .split('\n')
      .filter((line) => !line.startsWith('index:') && !line.includes('npm warn'))
      .join('\n'),
  };
}

describe('npm run search', () => {
  // In a fresh clone the first command builds the index (seconds, more while other command tests run):
  // setup, not what any test here checks, so it is not charged to one test's 30 s.
  beforeAll(() => {
    cli('Dandong');
  }, 300_000);

  it('prints matches with the matched words marked and exits 0', () => {
    const { status, stdout } = cli('Dandong');
    expect(status).toBe(0);
    expect(stdout).toContain('1 passage');
    expect(stdout).toContain('2025 · Trafficking Profile · 2025 TIP Report · 2025-tip-trafficking-profile-p6-s3');
    expect(stdout).toContain('in the city of [Dandong].');
  });

  it('filters by year and limits the list', () => {
    const { status, stdout } = cli('forced repatriation', '--year', '2025', '--limit', '2');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^4 passages, first 2\n/);
    expect(stdout.match(/^2025 · /gm)).toHaveLength(2);
  });

  it('gives the full note on request: quote, paragraph, report, the original deep-linked', () => {
    const { stdout } = cli('prison camps', '--year', '2007', '--limit', '1', '--cite');
    expect(stdout).toContain(
      '“North Korea (Tier 3),” in Trafficking in Persons Report 2007 (U.S. Department of State, June 12, 2007), para. 5 (Protection): “North Koreans forcibly repatriated',
    );
    expect(stdout).toContain('https://www.refworld.org/docid/467be3cd33.html#:~:text=');
  });

  it('takes --country, by name, alias or code, and refuses one it does not know', () => {
    expect(cli('Dandong', '--country', 'DPRK').stdout).toContain('2025-tip-trafficking-profile-p6-s3');
    expect(cli('Dandong', '--country', 'PRK', '--country', 'China').status).toBe(0);
    const unknown = cli('Dandong', '--country', 'Atlantis');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('There is no country "Atlantis"');
  });

  it('prints JSON with full citations', () => {
    const { status, stdout } = cli('Dandong', '--json', '--cite');
    expect(status).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.total).toBe(1);
    expect(Object.keys(body.results[0].citations)).toEqual(['text', 'bibtex', 'ris', 'csl', 'cite']);
  });

  it('exits 1 when nothing is found', () => {
    const { status, stdout } = cli('"Dandog"');
    expect(status).toBe(1);
    expect(stdout).toContain('0 passages');
  });

  it('searches a spelling correction when nothing matches as typed, and says so on stderr', () => {
    const { status, stdout, stderr } = cli('Dandog');
    expect(status).toBe(0);
    expect(stdout).toContain('2025-tip-trafficking-profile-p6-s3');
    expect(stderr).toContain('showing results for: Dandong (search instead for: "Dandog")');
  });

  it('exits 2 on a bad query, with the message on stderr', () => {
    const { status, stdout, stderr } = cli('labor "forced');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe('This quotation mark is never closed. (at character 7)');
  });

  it('exits 2 on bad arguments', () => {
    expect(cli('x', '--year', '16').status).toBe(2);
    expect(cli('x', '--limit', 'many').status).toBe(2);
    expect(cli('x', '--colour').status).toBe(2);
  });
});

/**
 * Run a script into `head -c 100`, which exits after reading 100 bytes and closes the pipe while the
 * script is still writing (both outputs are far larger than a pipe's 64 KiB buffer).
 */
function intoHead(...command: string[]) {
  const line = `set -o pipefail; ${process.execPath} --import tsx ${command.map((arg) => `'${arg}'`).join(' ')} | head -c 100`;
  const result = spawnSync('bash', ['-c', line], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr.split('\n').filter((line) => line && !line.startsWith('index:')),
  };
}

describe('PUBLIC_URL', () => {
  const withPublicUrl = (value: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/search.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', PUBLIC_URL: value, PORT: '4999' },
    });

  it('unset or empty: citations carry no permalink and no address of this machine, whatever PORT says', () => {
    for (const value of ['', 'http://127.0.0.1:3000', 'http://192.168.1.5']) {
      const result = withPublicUrl(value, 'Dandong', '--cite', '--json');
      expect(result.status).toBe(0);
      expect(result.stdout).not.toMatch(/127\.0\.0\.1|localhost|192\.168|:4999|:3000|Permalink/);
      expect(JSON.parse(result.stdout).results[0].url).toBeNull();
    }
  });

  it('set: the note and the JSON carry the public permalink', () => {
    const result = withPublicUrl('https://tip.example.org', 'Dandong', '--cite', '--json');
    const [first] = JSON.parse(result.stdout).results;
    expect(first.url).toBe('https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3');
    expect(first.citations.text).toContain('Permalink: https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3');
  });
});

describe('output larger than a pipe buffer', () => {
  it('arrives whole: the command waits for stdout before exiting', () => {
    const { status, stdout } = cli('labor', '--json', '--cite', '--limit', '100');
    expect(stdout.length).toBeGreaterThan(65_536);
    // Every passage holding "labor" (73 in the seeds), whole: none cut off where the pipe filled.
    const { results, total } = JSON.parse(stdout);
    expect(total).toBeGreaterThan(60);
    expect(results).toHaveLength(Math.min(total, 100));
    expect(status).toBe(0);
  });
});

describe('a reader that stops early (| head)', () => {
  it('ends npm run -s passages quietly with exit 0', () => {
    const { status, stderr, stdout } = intoHead('scripts/passages.ts');
    expect(stdout).toMatch(/^\{"id":"2007-tip-/);
    expect(stderr).toEqual([]);
    expect(status).toBe(0);
  });

  it('ends npm run search quietly with exit 0', () => {
    const { status, stderr, stdout } = intoHead('scripts/search.ts', 'labor', '--json', '--cite', '--limit', '100');
    expect(stdout).toMatch(/^\{\n {2}"total": /);
    expect(stderr).toEqual([]);
    expect(status).toBe(0);
  });
});
