// Client JS of the funding-table page (issue budget: < 250 KB gzip), from a fresh production
// build, via scripts/bundle-size.ts. Writes bench/results/bundle-size.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
execFileSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'ignore' });
const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-size.ts', '--json'], { cwd: root, encoding: 'utf8' });
const r = JSON.parse(out) as { route: string; chunks: number; gzipBytes: number; lazyGzipBytes: number };
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/bundle-size.json'), JSON.stringify({ generatedAt: new Date().toISOString(), ...r }, null, 2) + '\n');
console.log(`${r.route}: ${(r.gzipBytes / 1024).toFixed(1)} KB gzip before render (+${(r.lazyGzipBytes / 1024).toFixed(1)} KB lazy)`);
