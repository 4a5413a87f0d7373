// Client JavaScript a page can load, gzipped, against the page's budget (issue #6: 250 KB gzip for
// the funding table): the entry, the root route and the page's route module plus every chunk they
// import statically (fetched before the page is interactive), and every chunk the page's own code
// imports lazily (fetched later, when a lazy component renders). The budget counts both. Run after
// `npx remix vite:build`:
//   npx tsx scripts/bundle-size.ts [--route routes/table] [--build build] [--budget-kb 250] [--json]
// Reads build/client/.vite/manifest.json when the build kept it (build.manifest: true), otherwise
// Remix's own browser manifest (build/client/assets/manifest-*.js), which lists the same chunks.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values: args } = parseArgs({
  options: {
    route: { type: 'string', default: 'routes/table' },
    build: { type: 'string', default: 'build' },
    'budget-kb': { type: 'string', default: '250' },
    json: { type: 'boolean', default: false },
  },
});
const clientDir = path.resolve(args.build!, 'client');
const routeId = args.route!;
const budgetBytes = Number(args['budget-kb']) * 1024;
if (!(budgetBytes > 0)) throw new Error(`--budget-kb must be a positive number, not ${args['budget-kb']}`);

interface ViteChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
  src?: string;
}

/**
 * Files (relative to build/client) of the entry, root and route and all their static imports, and
 * apart from them the chunks those import lazily (fetched later, when a lazy component renders).
 */
function filesFromViteManifest(manifestPath: string): { eager: string[]; lazy: string[] } {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ViteChunk>;
  const keys = Object.keys(manifest);
  // Remix builds route modules as `app/routes/x.tsx?__remix-build-client-route`.
  const source = (k: string) => k.replace(/\?.*$/, '');
  const routeKey = keys.find((k) => source(k) === `app/${routeId}.tsx` || source(k) === `app/${routeId}.ts`);
  const rootKey = keys.find((k) => source(k) === 'app/root.tsx');
  const entryKey = keys.find((k) => manifest[k]!.isEntry && /entry\.client\.[jt]sx?$/.test(source(k)));
  if (!routeKey || !rootKey || !entryKey) {
    throw new Error(`manifest lacks ${!routeKey ? routeId : !rootKey ? 'root' : 'the client entry'}`);
  }
  const walk = (roots: string[], seen: Set<string>): Set<string> => {
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file) || seen.has(chunk.file)) return;
      files.add(chunk.file);
      for (const dep of chunk.imports ?? []) visit(dep);
    };
    for (const key of roots) visit(key);
    return files;
  };
  const eagerKeys = new Set<string>();
  const collect = (key: string) => {
    if (eagerKeys.has(key) || !manifest[key]) return;
    eagerKeys.add(key);
    for (const dep of manifest[key].imports ?? []) collect(dep);
  };
  for (const key of [entryKey, rootKey, routeKey]) collect(key);
  const eager = walk([...eagerKeys], new Set());
  // Lazy imports of the route's own graph (the entry's and root's would be other routes' modules).
  const lazyRoots = [...eagerKeys]
    .filter((k) => k !== entryKey)
    .flatMap((k) => manifest[k]!.dynamicImports ?? [])
    .filter((k) => !source(k).startsWith('app/routes/'));
  const lazy = walk(lazyRoots, eager);
  return { eager: [...eager], lazy: [...lazy] };
}

interface RemixManifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, { module: string; imports?: string[] }>;
}

/** Chunks a built chunk imports, read from its text: `import("./x.js")` (lazy) and `from"./x.js"` (static). */
function importsIn(file: string): { lazy: string[]; static: string[] } {
  const text = readFileSync(path.join(clientDir, file), 'utf8');
  const dir = path.posix.dirname(file);
  const resolve = (m: RegExpMatchArray) => path.posix.join(dir, m[1]!);
  return {
    lazy: [...text.matchAll(/import\(\s*["'](\.\/[^"']+\.js)["']\s*\)/g)].map(resolve),
    static: [...text.matchAll(/(?:from|import)\s*["'](\.\/[^"']+\.js)["']/g)].map(resolve),
  };
}

/**
 * Remix's browser manifest lists each module's static imports, flattened; the lazy chunks (and
 * what they import) are found in the chunks' own text.
 */
function filesFromRemixManifest(): { eager: string[]; lazy: string[] } {
  const assets = path.join(clientDir, 'assets');
  // The newest, should an old build's manifest still lie beside it.
  const name = readdirSync(assets)
    .filter((f) => /^manifest-[\w-]+\.js$/.test(f))
    .sort((a, b) => statSync(path.join(assets, b)).mtimeMs - statSync(path.join(assets, a)).mtimeMs)[0];
  if (!name) throw new Error(`no Remix manifest in ${assets}: build first (npx remix vite:build)`);
  const text = readFileSync(path.join(assets, name), 'utf8');
  const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  const manifest = JSON.parse(json) as RemixManifest;
  const root = manifest.routes.root;
  const route = manifest.routes[routeId];
  if (!root || !route) throw new Error(`the Remix manifest has no route ${JSON.stringify(root ? routeId : 'root')}`);
  const urls = [
    manifest.entry.module,
    ...manifest.entry.imports,
    root.module,
    ...(root.imports ?? []),
    route.module,
    ...(route.imports ?? []),
  ];
  const eager = new Set(urls.map((u) => u.replace(/^\//, '')));
  const lazy = new Set<string>();
  const queue = [...eager]
    .filter((f) => f !== manifest.entry.module.replace(/^\//, ''))
    .flatMap((f) => importsIn(f).lazy);
  while (queue.length) {
    const f = queue.pop()!;
    if (eager.has(f) || lazy.has(f) || !existsSync(path.join(clientDir, f))) continue;
    lazy.add(f);
    queue.push(...importsIn(f).static);
  }
  return { eager: [...eager], lazy: [...lazy] };
}

const viteManifest = path.join(clientDir, '.vite', 'manifest.json');
const found = existsSync(viteManifest) ? filesFromViteManifest(viteManifest) : filesFromRemixManifest();
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function measure(files: string[]) {
  const sizes = files
    .filter((f) => f.endsWith('.js'))
    .map((file) => {
      const bytes = readFileSync(path.join(clientDir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const total = sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip }), { raw: 0, gzip: 0 });
  return { sizes, total };
}

const eager = measure(found.eager);
const lazy = measure(found.lazy);
const totalGzip = eager.total.gzip + lazy.total.gzip;
const withinBudget = totalGzip <= budgetBytes;

if (args.json) {
  console.log(
    JSON.stringify({
      route: routeId,
      // Everything the page can load, eager and lazy: the figure the budget is about.
      totalChunks: eager.sizes.length + lazy.sizes.length,
      totalGzipBytes: totalGzip,
      budgetBytes,
      withinBudget,
      chunks: eager.sizes.length,
      gzipBytes: eager.total.gzip,
      rawBytes: eager.total.raw,
      lazyChunks: lazy.sizes.length,
      lazyGzipBytes: lazy.total.gzip,
      files: eager.sizes,
      lazyFiles: lazy.sizes,
    }),
  );
} else {
  for (const s of eager.sizes) console.log(`${kb(s.gzip).padStart(10)} gzip  ${kb(s.raw).padStart(10)} raw  ${s.file}`);
  for (const s of lazy.sizes)
    console.log(`${kb(s.gzip).padStart(10)} gzip  ${kb(s.raw).padStart(10)} raw  ${s.file} (lazy)`);
  console.log(
    `before render: ${eager.sizes.length} chunks, ${kb(eager.total.gzip)} gzip; ` +
      `lazy, after render: ${lazy.sizes.length} chunks, ${kb(lazy.total.gzip)} gzip`,
  );
  console.log(
    `${routeId}: all JS it can load, ${eager.sizes.length + lazy.sizes.length} chunks, ${kb(totalGzip)} gzip ` +
      `(${kb(eager.total.raw + lazy.total.raw)} raw); budget ${kb(budgetBytes)}: ${withinBudget ? 'within' : 'OVER'}`,
  );
}
