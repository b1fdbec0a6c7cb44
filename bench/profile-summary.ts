import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) the summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly hitCount?: number;
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export interface FrameCost {
  readonly frame: string;
  /** Share of all samples, in percent. */
  readonly selfPercent: number;
  readonly totalPercent: number;
}

function frameName(callFrame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules)\//, '$1/');
  const name = callFrame.functionName || '(anonymous)';
  return file ? `${name} ${file}:${callFrame.lineNumber + 1}` : name;
}

/** Self and inclusive time per function (recursion counted once), heaviest first. */
export function summariseProfile(path: string, top = 15): { self: FrameCost[]; project: FrameCost[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const samples = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || 1;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const visit = (id: number, onStack: ReadonlySet<string>): number => {
    const node = byId.get(id)!;
    const name = frameName(node.callFrame);
    const hits = node.hitCount ?? 0;
    self.set(name, (self.get(name) ?? 0) + hits);
    const nextStack = new Set(onStack).add(name);
    const inclusive = hits + (node.children ?? []).reduce((n, child) => n + visit(child, nextStack), 0);
    if (!onStack.has(name)) total.set(name, (total.get(name) ?? 0) + inclusive);
    return inclusive;
  };
  const root = profile.nodes[0];
  if (root) visit(root.id, new Set());
  const cost = (name: string): FrameCost => ({
    frame: name,
    selfPercent: ((self.get(name) ?? 0) / samples) * 100,
    totalPercent: ((total.get(name) ?? 0) / samples) * 100,
  });
  const names = [...self.keys()];
  return {
    self: names
      .map(cost)
      .sort((a, b) => b.selfPercent - a.selfPercent)
      .slice(0, top),
    project: names
      .filter((name) => name.includes('dist/src/'))
      .map(cost)
      .sort((a, b) => b.totalPercent - a.totalPercent)
      .slice(0, top),
  };
}

export function formatProfileSummary(path: string, top = 15): string {
  const { self, project } = summariseProfile(path, top);
  const line = (c: FrameCost) =>
    `  ${c.selfPercent.toFixed(1).padStart(5)}% self ${c.totalPercent.toFixed(1).padStart(5)}% total  ${c.frame}`;
  return [
    `${path}`,
    ' heaviest frames (self time):',
    ...self.map(line),
    ' project code (inclusive time):',
    ...project.map(line),
  ].join('\n');
}
