// Helpers shared by the interop scripts beside this file.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { SinchClient } from '@sinch/sdk-core';

const require = createRequire(import.meta.url);

// An environment variable, or the fallback; exits 2 when neither is there.
export function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`missing environment variable ${name}`);
    process.exit(2);
  }
  return value;
}

// The installed version of a package. Not every package exports its package.json: read
// it next to the resolved entry point.
export function version(name) {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name) {
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

// A SinchClient whose API and token hosts are the opentrunk server at `base`.
export function sinchClient({ base, projectId, keyId, keySecret }) {
  return new SinchClient({
    projectId,
    keyId,
    keySecret,
    elasticSipTrunkingHostname: base,
    authHostname: base,
    // The SDK's default logger prints failed responses on stdout, where the summary goes.
    logger: null,
  });
}
