// Secrets the app needs even when nobody configured them: session and JWT signing secrets and
// the key that encrypts stored credentials. Configured values win; otherwise each is generated
// once and kept in `${dataDir}/secrets.json` (mode 0600), so restarts keep sessions, tokens and
// encrypted keys valid. Nothing here is ever logged.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from './config';
import type { AppLogger } from './logger';

export interface AppSecrets {
  sessionSecret: string;
  jwtSecret: string;
  credentialsKey: Buffer;
}

interface StoredSecrets {
  sessionSecret?: string;
  jwtSecret?: string;
  credentialsKey?: string;
}

export async function loadSecrets(config: AppConfig, log: AppLogger): Promise<AppSecrets> {
  const file = path.resolve(config.dataDir, 'secrets.json');
  let stored: StoredSecrets = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(await readFile(file, 'utf8')) as StoredSecrets;
    } catch {
      throw new Error(`${file} is not valid JSON; fix or remove it (removing it logs everybody out and makes stored keys unreadable)`);
    }
  }
  const generated: string[] = [];
  const pick = (configured: string | undefined, key: keyof StoredSecrets, make: () => string): string => {
    if (configured) return configured;
    if (!stored[key]) {
      stored[key] = make();
      generated.push(key);
    }
    return stored[key]!;
  };
  const sessionSecret = pick(config.sessionSecret, 'sessionSecret', () => randomBytes(32).toString('base64url'));
  const jwtSecret = pick(config.jwtSecret, 'jwtSecret', () => randomBytes(32).toString('base64url'));
  const credentialsKey = config.credentialsKey ?? Buffer.from(pick(undefined, 'credentialsKey', () => randomBytes(32).toString('base64')), 'base64');
  if (generated.length) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    await chmod(file, 0o600);
    log.warn('generated secrets that were not configured; set them in the environment for production', {
      generated: generated.map((k) => ({ sessionSecret: 'SESSION_SECRET', jwtSecret: 'JWT_SECRET', credentialsKey: 'CREDENTIALS_KEY' })[k as keyof StoredSecrets]),
      file,
    });
  }
  if (credentialsKey.length !== 32) throw new Error(`credentials key in ${file} is not 32 bytes`);
  return { sessionSecret, jwtSecret, credentialsKey };
}
