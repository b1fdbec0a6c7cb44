import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../src/project-root.js';

/** The image cannot be built here, so its essentials are read from the Dockerfile. */
interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: Instruction[];
}

const root = projectRoot();

function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', rest = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') {
      const [, image = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction.args) ?? [];
      stages.push({ from: image, name, instructions: [] });
    } else if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = instruction.args.split('=');
      args.set(name, value);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const { args, stages } = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const runtime = stages.at(-1) as Stage;
const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const stageNamed = (name: string | undefined) => stages.find((s) => s.name === name);
const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** The stage a stage builds on, so instructions inherited from `FROM base` count. */
function lineage(stage: Stage | undefined): Stage[] {
  return stage ? [stage, ...lineage(stageNamed(stage.from))] : [];
}

describe('Dockerfile', () => {
  it('is multi-stage on a Node.js LTS slim image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const images = stages.map((s) => s.from).filter((from) => !stageNamed(from));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      const resolved = image.replace(/\$\{(\w+)\}/g, (_m, name: string) => args.get(name) ?? '');
      const [, major] = /^node:(\d+)[\w.-]*-slim$/.exec(resolved) ?? [];
      expect(major).toBeDefined();
      // Even majors are the LTS lines; 22 and later are supported by better-sqlite3 12.
      expect(Number(major) % 2).toBe(0);
      expect(Number(major)).toBeGreaterThanOrEqual(22);
    }
  });

  it('builds with the dev dependencies and a C++ toolchain, and ships production dependencies only', () => {
    const runs = (stage: Stage) => lineage(stage).flatMap((s) => all(s, 'RUN').map((i) => i.args));
    const builder = stages.find((s) => runs(s).some((r) => r.includes('npm run build')));
    if (!builder) throw new Error('no stage runs npm run build');
    expect(runs(builder).some((r) => /npm ci(?! [^&]*--omit=dev)/.test(r))).toBe(true);
    expect(runs(builder).join(' ')).toMatch(/apt-get install .*python3.*make.*g\+\+/);

    const copies = all(runtime, 'COPY').map((i) => i.args);
    const modulesFrom = /--from=(\S+) \/app\/node_modules/.exec(copies.join('\n'))?.[1];
    const deps = stageNamed(modulesFrom);
    if (!deps) throw new Error('the runtime image must copy node_modules from a stage');
    expect(runs(deps).some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(copies.some((c) => c.startsWith(`--from=${builder.name} /app/dist`))).toBe(true);
    // No compiler and no dev install in the image that runs.
    expect(
      lineage(runtime)
        .flatMap((s) => all(s, 'RUN').map((i) => i.args))
        .join(' '),
    ).not.toMatch(/npm (ci|install)|g\+\+/);
  });

  it('runs as a non-root user, in production mode, with a health check on /healthz and the database on a volume', () => {
    const user = all(runtime, 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    const order = runtime.instructions.map((i) => i.keyword);
    expect(order.lastIndexOf('USER')).toBeLessThan(order.indexOf('CMD'));

    const env = all(runtime, 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    const feedbackDb = /FEEDBACK_DB=(\S+)/.exec(env)?.[1] ?? '';
    const volumes = all(runtime, 'VOLUME')
      .map((i) => i.args)
      .join(' ');
    expect(volumes).toContain(`"${dirname(feedbackDb)}"`);

    const healthcheck = all(runtime, 'HEALTHCHECK')[0]?.args ?? '';
    expect(healthcheck).toContain('/healthz');
    expect(healthcheck).toMatch(/--interval=\S+/);
    const port = /PORT=(\d+)/.exec(env)?.[1];
    expect(all(runtime, 'EXPOSE').map((i) => i.args)).toContain(port);
    expect(all(runtime, 'CMD')[0]?.args).toBe('["node", "dist/src/main.js"]');
  });

  it('copies only what exists and is not excluded by .dockerignore, including what is read at run time', () => {
    for (const ignoredPath of ['node_modules', 'dist', '.git', 'data', '*.sqlite'])
      expect(ignored).toContain(ignoredPath);
    const sources = stages
      .flatMap((s) => all(s, 'COPY'))
      .filter((i) => !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(' ').slice(0, -1));
    for (const source of sources) {
      expect(existsSync(join(root, source))).toBe(true);
      expect(ignored).not.toContain(source);
    }
    // Loaded from the project root when the service starts: knowledge, schemas, package.json.
    expect(sources).toEqual(expect.arrayContaining(['fhir-profiles', 'cds-hooks', 'package.json', 'src']));
  });
});
