// Client JS of the funding-table page, from a fresh production build, via scripts/bundle-size.ts:
// every chunk the page can load (before render and lazily after) against the budget of
// 250 KB gzip. Writes bench/results/bundle-size.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
execFileSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'ignore' });
const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-size.ts', '--json'], {
  cwd: root,
  encoding: 'utf8',
});
const r = JSON.parse(out) as {
  route: string;
  totalChunks: number;
  totalGzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
  gzipBytes: number;
  lazyGzipBytes: number;
};
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(
  path.join(root, 'bench/results/bundle-size.json'),
  JSON.stringify({ generatedAt: new Date().toISOString(), ...r }, null, 2) + '\n',
);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
console.log(
  `${r.route}: all JS ${kb(r.totalGzipBytes)} gzip in ${r.totalChunks} chunks (${kb(r.gzipBytes)} before render + ` +
    `${kb(r.lazyGzipBytes)} lazy); budget ${kb(r.budgetBytes)}: ${r.withinBudget ? 'within' : 'OVER'}`,
);
