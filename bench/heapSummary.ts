/**
 * What a V8 heap snapshot holds, by constructor: count and self size of every kind of node, and
 * for the largest kinds the retainers that hold most of them (the first strong edge into each
 * node: its owner's constructor and the edge's name). Enough to tell "per connection" from "per
 * fridge" from "per reading" at 10,000 fridges (docs/scaling.md, "Memory, fourth round").
 *
 *   node --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=/tmp/snaps dist/server/main.js; kill -USR2 <pid>
 *   node --max-old-space-size=8000 --import tsx bench/heapSummary.ts /tmp/snaps/Heap.….heapsnapshot [top=30] [divisor]
 *
 * `divisor` (e.g. 10000, the number of fridges) adds a bytes-per-unit column.
 *
 * `--since EARLIER.heapsnapshot` (a snapshot of the same process, taken before) counts only the
 * objects that were not in it: what was allocated between the two snapshots and is still alive at
 * the second. V8 keeps a node's id across one process's snapshots while the object lives, so this
 * finds what grows (it found the stopped servers npm test's workers kept, CHANGELOG 2026-12-03).
 * It does not measure churn: V8 matches objects to ids by address, and a new object promoted into
 * the place of a dead one takes the dead one's id, so at 10,000 fridges under load two snapshots
 * 30 s apart showed 12 MB "new" where about 10 MB/s was promoted. `bench/promotedSampler.ts`
 * measures that.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const args = process.argv.slice(2);
const sinceAt = args.indexOf('--since');
const sinceFile = sinceAt >= 0 ? args[sinceAt + 1] : undefined;
if (sinceAt >= 0) args.splice(sinceAt, 2);
const [file, topArg = '30', divisorArg = '0', traceArg, holdersArg] = args;
if (!file || (sinceAt >= 0 && !sinceFile)) {
  console.error(
    'usage: heapSummary.ts [--since EARLIER.heapsnapshot] FILE.heapsnapshot [top] [divisor] [trace] [holders]',
  );
  process.exit(2);
}
const top = Number(topArg);
const divisor = Number(divisorArg);

/** The ids of every node of the earlier snapshot (its `id` field), or null without `--since`. */
function idsOf(path: string): Set<number> {
  const earlier = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = earlier.snapshot.meta.node_fields;
  const idAt = fields.indexOf('id');
  const ids = new Set<number>();
  for (let at = idAt; at < earlier.nodes.length; at += fields.length) ids.add(earlier.nodes[at] as number);
  return ids;
}
const earlierIds = sinceFile ? idsOf(sinceFile) : null;

const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const { meta } = snap.snapshot;
const nf = meta.node_fields.length;
const nId = meta.node_fields.indexOf('id');
/** Whether a node counts: every node, or with `--since` only those the earlier snapshot lacked. */
const counted = (node: number) =>
  earlierIds === null || !earlierIds.has(snap.nodes[node * nf + nId] as number);
const ef = meta.edge_fields.length;
const nType = meta.node_fields.indexOf('type');
const nName = meta.node_fields.indexOf('name');
const nSize = meta.node_fields.indexOf('self_size');
const nEdges = meta.node_fields.indexOf('edge_count');
const eType = meta.edge_fields.indexOf('type');
const eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const nodeCount = snap.nodes.length / nf;

/** Objects by constructor; strings, code, arrays and V8's own by type (their names are their contents). */
function kindOf(node: number): string {
  const type = nodeTypes[snap.nodes[node * nf + nType] as number] as string;
  const name = snap.strings[snap.nodes[node * nf + nName] as number] as string;
  if (type === 'object' || type === 'closure' || type === 'native') return `${type}: ${name.slice(0, 60)}`;
  if (type === 'hidden' || type === 'object shape' || type === 'array')
    return `${type}: ${name.slice(0, 40)}`;
  return type;
}

// The first strong (not weak, not shortcut) edge into each node names its owner.
const owner = new Int32Array(nodeCount).fill(-1);
const ownerEdge = new Int32Array(nodeCount).fill(-1);
let edgeIndex = 0;
for (let node = 0; node < nodeCount; node++) {
  const count = snap.nodes[node * nf + nEdges] as number;
  for (let i = 0; i < count; i++, edgeIndex++) {
    const at = edgeIndex * ef;
    const type = edgeTypes[snap.edges[at + eType] as number];
    if (type === 'weak' || type === 'shortcut') continue;
    const to = (snap.edges[at + eTo] as number) / nf;
    if (owner[to] === -1) {
      owner[to] = node;
      ownerEdge[to] = at;
    }
  }
}

const kinds = new Map<string, { count: number; bytes: number; nodes: number[] }>();
let total = 0;
let countedNodes = 0;
for (let node = 0; node < nodeCount; node++) {
  if (!counted(node)) continue;
  countedNodes++;
  const size = snap.nodes[node * nf + nSize] as number;
  total += size;
  const kind = kindOf(node);
  let entry = kinds.get(kind);
  if (!entry) {
    entry = { count: 0, bytes: 0, nodes: [] };
    kinds.set(kind, entry);
  }
  entry.count++;
  entry.bytes += size;
  if (entry.nodes.length < 200_000) entry.nodes.push(node);
}

function edgeName(at: number): string {
  const type = edgeTypes[snap.edges[at + eType] as number];
  const name = snap.edges[at + eName] as number;
  return type === 'element' || type === 'hidden' ? `[${type}]` : String(snap.strings[name]).slice(0, 30);
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1).padStart(7);
console.log(
  earlierIds
    ? `${file}: ${countedNodes} of ${nodeCount} nodes new since ${sinceFile}, ${mb(total)} MB self size`
    : `${file}: ${nodeCount} nodes, ${mb(total)} MB self size in all`,
);
const sorted = [...kinds.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top);
for (const [kind, { count, bytes, nodes }] of sorted) {
  const perUnit = divisor > 0 ? `  ${(bytes / divisor).toFixed(0).padStart(6)} B/unit` : '';
  console.log(`${mb(bytes)} MB ${String(count).padStart(9)}×  ${kind}${perUnit}`);
  const owners = new Map<string, number>();
  for (const node of nodes) {
    const by = owner[node] as number;
    const key = by < 0 ? '(root)' : `${kindOf(by)} .${edgeName(ownerEdge[node] as number)}`;
    owners.set(key, (owners.get(key) ?? 0) + (snap.nodes[node * nf + nSize] as number));
  }
  for (const [key, ownedBytes] of [...owners.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3))
    console.log(`            ${mb(ownedBytes)} MB held by ${key}`);
}

// `trace` (a 4th argument, a regular expression of kinds): their most common chains of owners, three deep.
const trace = traceArg ? new RegExp(traceArg) : null;
if (trace) {
  const chains = new Map<string, { count: number; bytes: number }>();
  for (const [kind, { nodes }] of kinds) {
    if (!trace.test(kind)) continue;
    for (const node of nodes) {
      const links: string[] = [];
      let at = node;
      for (let depth = 0; depth < 4 && (owner[at] as number) >= 0; depth++) {
        links.push(`.${edgeName(ownerEdge[at] as number)} ← ${kindOf(owner[at] as number)}`);
        at = owner[at] as number;
      }
      const key = `${kind} ${links.join(' ')}`;
      const chain = chains.get(key) ?? { count: 0, bytes: 0 };
      chain.count++;
      chain.bytes += snap.nodes[node * nf + nSize] as number;
      chains.set(key, chain);
    }
  }
  console.log(`\nchains of owners of ${trace}:`);
  for (const [key, { count, bytes }] of [...chains.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, top))
    console.log(`${mb(bytes)} MB ${String(count).padStart(8)}×  ${key}`);
}

// `holders` (a 5th argument, any value): self sizes summed by the nearest owner that is an
// instance of a named class (not Object, Array, Map, Set or V8's own), with the property it holds
// them by: which feature's structures the bytes belong to, following first owners.
if (holdersArg) {
  const generic =
    /^(object|closure|array|hidden|object shape): (Object|Array|Map|Set|WeakMap|system \/ .*|\(.*\)|)$/;
  const holders = new Map<string, number>();
  for (let node = 0; node < nodeCount; node++) {
    if (!counted(node)) continue;
    let at = node;
    let via = '';
    let key = '(no named owner)';
    for (let depth = 0; depth < 40 && (owner[at] as number) >= 0; depth++) {
      via = edgeName(ownerEdge[at] as number);
      at = owner[at] as number;
      const kind = kindOf(at);
      if (kind.startsWith('object: ') && !generic.test(kind)) {
        key = `${kind} .${via}`;
        break;
      }
    }
    holders.set(key, (holders.get(key) ?? 0) + (snap.nodes[node * nf + nSize] as number));
  }
  console.log('\nself sizes by nearest named owner:');
  for (const [key, bytes] of [...holders.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const perUnit = divisor > 0 ? `  ${(bytes / divisor).toFixed(0).padStart(6)} B/unit` : '';
    console.log(`${mb(bytes)} MB  ${key}${perUnit}`);
  }
}
