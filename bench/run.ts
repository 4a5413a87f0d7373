// `npm run bench`: run every bench/*.bench.ts in its own process (one at a time: they measure
// the machine), then write BENCHMARKS.md from bench/results/*.json.
//   npm run bench                 all benchmarks
//   npm run bench -- fanout       only those whose file name contains "fanout"
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { writeBenchmarksMd } from './report';

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`${file} failed with exit code ${r.status}`);
  }
}
const out = await writeBenchmarksMd();
console.log(`\nwrote ${out}`);
process.exit(failed ? 1 : 0);
