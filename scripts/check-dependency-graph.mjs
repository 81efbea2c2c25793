// Fails when an app depends on another app in Nx's project graph, or when a project imports a
// workspace package its package.json does not declare (Nx builds the graph from those declarations,
// so they must match the imports for the graph to be true).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const file = join(mkdtempSync(join(tmpdir(), 'nx-graph-')), 'graph.json');
execFileSync('nx', ['graph', `--file=${file}`], { stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
const { graph } = JSON.parse(readFileSync(file, 'utf8'));
const isApp = (name) => graph.nodes[name]?.data.root.startsWith('apps/');

const violations = [];
for (const [source, deps] of Object.entries(graph.dependencies)) {
  for (const { target } of deps) {
    if (isApp(source) && isApp(target)) violations.push(`${source} -> ${target}`);
  }
}
for (const app of Object.keys(graph.nodes).filter(isApp).sort()) {
  const libs = graph.dependencies[app].map((dep) => dep.target).filter((target) => graph.nodes[target]).sort();
  console.log(`${app.padEnd(28)} -> ${libs.join(', ') || '(none)'}`);
}
function sourceFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (['node_modules', 'dist', '.next', 'generated'].includes(entry)) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(entry) ? [path] : [];
  });
}

const importPattern = /(?:from|import)\s*\(?\s*['"](@pve-nexus\/[a-z-]+)/g;
for (const [name, node] of Object.entries(graph.nodes)) {
  if (!node.data.root.startsWith('apps/') && !node.data.root.startsWith('libs/')) continue;
  const pkg = JSON.parse(readFileSync(join(node.data.root, 'package.json'), 'utf8'));
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {}), name]);
  for (const file of sourceFiles(node.data.root)) {
    for (const [, imported] of readFileSync(file, 'utf8').matchAll(importPattern)) {
      if (!declared.has(imported)) violations.push(`${file} imports ${imported}, not declared in ${node.data.root}/package.json`);
    }
  }
}

if (violations.length > 0) {
  console.error(`dependency graph problems:\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency graph: no app imports another app');
