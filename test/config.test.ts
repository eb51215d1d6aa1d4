// Where `npm start` listens and what it warns about, from HOST, PORT and PUBLIC_URL.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/corpus.ts';
import { isPrivateHost, listeningUrl, serverConfig } from '../server/config.ts';

describe('serverConfig', () => {
  const cases = [
    { env: {}, host: '127.0.0.1', port: 3000, publicUrl: null, warns: false },
    { env: { HOST: '', PORT: '' }, host: '127.0.0.1', port: 3000, publicUrl: null, warns: false },
    { env: { HOST: '  ', PORT: '4100' }, host: '127.0.0.1', port: 4100, publicUrl: null, warns: false },
    { env: { HOST: 'localhost' }, host: 'localhost', port: 3000, publicUrl: null, warns: false },
    { env: { HOST: '::1' }, host: '::1', port: 3000, publicUrl: null, warns: false },
    { env: { HOST: '0.0.0.0' }, host: '0.0.0.0', port: 3000, publicUrl: null, warns: true },
    { env: { HOST: '192.168.1.5' }, host: '192.168.1.5', port: 3000, publicUrl: null, warns: true },
    {
      env: { HOST: '0.0.0.0', PUBLIC_URL: 'https://tip.example.org/' },
      host: '0.0.0.0',
      port: 3000,
      publicUrl: 'https://tip.example.org',
      warns: false,
    },
    {
      env: { PUBLIC_URL: 'https://example.org/tip/' },
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'https://example.org/tip',
      warns: false,
    },
  ];
  for (const { env, host, port, publicUrl, warns } of cases) {
    it(`reads ${JSON.stringify(env)} as ${host}:${port}${warns ? ', with a warning about the Host header' : ''}`, () => {
      const config = serverConfig(env);
      expect(config).toMatchObject({ host, port, publicUrl });
      expect(config.warnings.some((warning) => warning.includes('Host header') && warning.includes('PUBLIC_URL'))).toBe(
        warns,
      );
    });
  }

  const errors = [
    { env: { PORT: 'eighty' }, message: /PORT must be a port number/ },
    { env: { PORT: '70000' }, message: /PORT must be a port number/ },
    { env: { PUBLIC_URL: 'tip.example.org' }, message: /PUBLIC_URL must be an absolute address/ },
    { env: { PUBLIC_URL: 'ftp://tip.example.org' }, message: /PUBLIC_URL must start with http/ },
    { env: { PUBLIC_URL: 'https://tip.example.org/?x=1' }, message: /PUBLIC_URL must be a plain address/ },
    { env: { FAIR_SHARE: '0' }, message: /FAIR_SHARE must be a fraction/ },
    { env: { FAIR_SHARE: '1.5' }, message: /FAIR_SHARE must be a fraction/ },
    { env: { FAIR_SHARE: 'half' }, message: /FAIR_SHARE must be a fraction/ },
    { env: { TRUST_PROXY: 'true' }, message: /TRUST_PROXY=true would let any client choose its own address/ },
  ];
  for (const { env, message } of errors) {
    it(`refuses ${JSON.stringify(env)} with a message naming the variable`, () => {
      expect(() => serverConfig(env)).toThrow(message);
    });
  }
});

describe('FAIR_SHARE', () => {
  const cases = [
    { value: undefined, expected: 0.25 },
    { value: '', expected: 0.25 },
    { value: '0.5', expected: 0.5 },
    { value: '1', expected: 1 },
    { value: 'off', expected: null },
  ];
  for (const { value, expected } of cases) {
    it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () => {
      expect(serverConfig({ FAIR_SHARE: value }).fairShare).toBe(expected);
    });
  }
});

describe('COSTLY_SHARE', () => {
  const cases = [
    { value: undefined, expected: 0.25 },
    { value: '', expected: 0.25 },
    { value: '0.5', expected: 0.5 },
    { value: 'off', expected: null },
  ];
  for (const { value, expected } of cases) {
    it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () => {
      expect(serverConfig({ COSTLY_SHARE: value }).costlyShare).toBe(expected);
    });
  }

  it('refuses a value that is not a fraction, naming the variable', () => {
    expect(() => serverConfig({ COSTLY_SHARE: '2' })).toThrow(/^COSTLY_SHARE must be a fraction of the server's time/);
  });
});

describe('TRUST_PROXY', () => {
  const cases = [
    { value: undefined, expected: false },
    { value: '', expected: false },
    { value: '1', expected: 1 },
    { value: 'loopback', expected: 'loopback' },
    { value: '10.0.0.1, 10.0.0.2', expected: '10.0.0.1, 10.0.0.2' },
  ];
  for (const { value, expected } of cases) {
    it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () => {
      expect(serverConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
    });
  }
});

describe('isPrivateHost: addresses a reader of a citation cannot reach', () => {
  const cases = [
    ...[
      'localhost',
      '127.0.0.1',
      '127.8.0.1',
      '::1',
      '[::1]',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.5',
      '169.254.1.1',
      '100.64.0.1',
      'fd12:3456::1',
      'fe80::1',
      'intranet',
      'tip.local',
      'box.internal',
      'printer.lan',
    ].map((host) => ({ host, private: true })),
    ...['tip.example.org', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:db8::1', 'example.com.'].map((host) => ({
      host,
      private: false,
    })),
  ];
  it.each(cases)('$host: private $private', ({ host, private: expected }) => {
    expect(isPrivateHost(host)).toBe(expected);
  });

  it('warns at start when PUBLIC_URL is such an address: citations will leave the permalink out', () => {
    expect(serverConfig({ PUBLIC_URL: 'http://192.168.1.5:3000' }).warnings.join(' ')).toMatch(
      /PUBLIC_URL http:\/\/192\.168\.1\.5:3000 is a loopback or private address .* leave the permalink out/,
    );
    expect(serverConfig({ PUBLIC_URL: 'https://tip.example.org' }).warnings).toEqual([]);
  });
});

describe('listeningUrl', () => {
  it('shows the address the socket really has, IPv6 in brackets', () => {
    expect(listeningUrl({ address: '127.0.0.1', family: 'IPv4', port: 4100 })).toBe('http://127.0.0.1:4100');
    expect(listeningUrl({ address: '::', family: 'IPv6', port: 4100 })).toBe('http://[::]:4100');
  });
});

describe('npm start', () => {
  it('with HOST empty listens on 127.0.0.1 and logs the address it really listens on', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, HOST: '', PORT: '0', PUBLIC_URL: '' },
    });
    let output = '';
    const served = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = /Serving .* on (\S+)/.exec(output);
        if (line) resolve(line[1]!);
      });
      child.once('exit', () => reject(new Error(output)));
    });
    child.kill();
    expect(served).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served).not.toMatch(/:0$/);
  });
});
