import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { projectRoot } from '../src/project-root.js';
import { createTestApp } from './support/create-test-app.js';

/*
 * No container engine or cluster runs here: the deployment files are checked for what can be known
 * without one. They parse; every variable they set is one the service reads (and the README lists);
 * probes and health checks call real endpoints; images run the Dockerfile's entry point.
 */

type Json = Record<string, unknown>;
const root = projectRoot();
const deployDir = join(root, 'deploy');
const k8sDir = join(deployDir, 'kubernetes');

function readYaml(path: string): Json[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  for (const document of documents) expect(document.errors).toEqual([]);
  return documents.map((document) => document.toJS() as Json);
}

const compose = readYaml(join(deployDir, 'compose.yaml'))[0] as {
  services: Record<string, Json>;
};
const manifests = readdirSync(k8sDir)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => readYaml(join(k8sDir, file)).map((doc) => ({ file, doc })));
const ofKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const deployment = ofKind('Deployment')[0] as Json;
const podSpec = (deployment.spec as Json).template as { metadata: Json; spec: Json };
const containers = (podSpec.spec.containers ?? []) as Json[];
const [service] = containers as [Json];

/** The variables the service reads: every `env.NAME` and `read…(env, 'NAME', …)` in the config module. */
const configSource = readFileSync(join(root, 'src', 'config', 'config.ts'), 'utf8');
const knownVariables = new Set([
  ...[...configSource.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]),
  ...[...configSource.matchAll(/\(\s*env,\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]),
]);
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function composeEnv(name: string): Record<string, string> {
  const environment = compose.services[name]?.environment;
  return (environment ?? {}) as Record<string, string>;
}

const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const dockerCmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
const dockerPort = /^\s*PORT=(\d+)/m.exec(dockerfile)?.[1];

describe('deploy/', () => {
  it('every YAML file parses, and the Kubernetes set has a Deployment, Service, PDB, HPA and migration Job', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['cds-1', 'cds-2', 'lb', 'migrate', 'postgres']);
    expect(manifests.map((m) => m.doc.kind).sort()).toEqual(
      expect.arrayContaining([
        'Deployment',
        'HorizontalPodAutoscaler',
        'Job',
        'Kustomization',
        'PodDisruptionBudget',
        'Secret',
        'Service',
      ]),
    );
    const kustomization = ofKind('Kustomization')[0] as { resources: string[] };
    for (const file of kustomization.resources) expect(readdirSync(k8sDir)).toContain(file);
    // The example Secret holds placeholders only and is never applied with the rest.
    expect(kustomization.resources).not.toContain('secret.example.yaml');
  });

  it('sets only variables the configuration reads and the README documents', () => {
    const k8sNames = [
      ...containers,
      ...ofKind('Job').flatMap((job) => {
        const template = (job.spec as Json).template as { spec: { containers: Json[] } };
        return template.spec.containers;
      }),
    ].flatMap((c) => ((c.env ?? []) as { name: string }[]).map((e) => e.name));
    const composeNames = ['cds-1', 'cds-2', 'migrate'].flatMap((name) => Object.keys(composeEnv(name)));
    const names = new Set([...k8sNames, ...composeNames]);
    expect([...names].sort()).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'CDS_TRUSTED_CLIENTS', 'PUBLIC_BASE_URL']),
    );
    for (const name of names) {
      expect(knownVariables).toContain(name);
      expect(readme).toContain(`| \`${name}\` |`);
    }
  });

  it('keeps secrets in a Secret: DATABASE_URL and the trusted-clients file', () => {
    const databaseUrl = (service.env as Json[]).find((e) => e.name === 'DATABASE_URL') as Json;
    expect(databaseUrl).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'hsg-cds', key: 'DATABASE_URL' } },
    });
    const trusted = (service.env as Json[]).find((e) => e.name === 'CDS_TRUSTED_CLIENTS')?.value as string;
    const mount = (service.volumeMounts as Json[]).find((m) =>
      trusted.startsWith(`${m.mountPath as string}/`),
    ) as Json;
    const volume = (podSpec.spec.volumes as Json[]).find((v) => v.name === mount.name) as Json;
    expect((volume.secret as Json).secretName).toBe('hsg-cds');
    // In compose, the password comes from the environment, never from the file.
    expect(readFileSync(join(deployDir, 'compose.yaml'), 'utf8')).not.toMatch(/postgres:\/\/hsg:[^$]/);
  });

  it('probes and health checks call endpoints the service answers: readiness /readyz, liveness /healthz', async () => {
    const readiness = service.readinessProbe as { httpGet: { path: string; port: string } };
    const liveness = service.livenessProbe as { httpGet: { path: string; port: string } };
    expect(readiness.httpGet.path).toBe('/readyz');
    expect(liveness.httpGet.path).toBe('/healthz');
    const ports = service.ports as { name: string; containerPort: number }[];
    const portVariable = (service.env as Json[]).find((e) => e.name === 'PORT')?.value;
    for (const probe of [readiness, liveness]) {
      expect(ports.find((p) => p.name === probe.httpGet.port)?.containerPort).toBe(Number(portVariable));
    }
    expect(String(ports[0]?.containerPort)).toBe(dockerPort);
    const composeCheck = JSON.stringify(compose.services['cds-1']?.healthcheck);
    expect(composeCheck).toContain(`127.0.0.1:${dockerPort}/readyz`);

    const { app } = createTestApp();
    for (const path of [readiness.httpGet.path, liveness.httpGet.path])
      expect((await request(app).get(path)).status).toBe(200);
  });

  it('runs the image entry point of the Dockerfile, and the migration with the CLI the image builds', () => {
    expect(dockerCmd).toEqual(['node', 'dist/src/main.js']);
    expect(service.command).toBeUndefined();
    expect(service.args).toBeUndefined();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const cli = pkg.bin['hsg-cds'];
    const job = ofKind('Job')[0] as Json;
    const migrate = ((job.spec as Json).template as { spec: { containers: Json[] } }).spec
      .containers[0] as Json;
    expect(migrate.command).toEqual(['node', cli, 'migrate']);
    expect(compose.services.migrate?.command).toEqual(['node', cli, 'migrate']);
    expect(migrate.image).toBe(service.image);
    for (const name of ['cds-1', 'cds-2', 'migrate']) {
      expect(compose.services[name]?.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
      expect(compose.services[name]?.command ?? null).toEqual(
        name === 'migrate' ? ['node', cli, 'migrate'] : null,
      );
    }
  });

  it('gives graceful termination more time than the service takes to drain after SIGTERM', () => {
    const drainMs = Number(
      (
        /SHUTDOWN_GRACE_MS = ([\d_]+)/.exec(readFileSync(join(root, 'src', 'server.ts'), 'utf8'))?.[1] ?? ''
      ).replace(/_/g, ''),
    );
    expect(drainMs).toBeGreaterThan(0);
    const preStopSeconds = Number(
      ((service.lifecycle as Json).preStop as { exec: { command: string[] } }).exec.command[1],
    );
    expect(podSpec.spec.terminationGracePeriodSeconds as number).toBeGreaterThan(
      preStopSeconds + drainMs / 1000,
    );
    const composeGrace = Number(/^(\d+)s$/.exec(String(compose.services['cds-1']?.stop_grace_period))?.[1]);
    expect(composeGrace).toBeGreaterThan(drainMs / 1000);
    expect(compose.services['cds-1']?.stop_signal).toBe('SIGTERM');
  });

  it('has resource requests, a PodDisruptionBudget and an autoscaler aimed at the Deployment', () => {
    expect((service.resources as Json).requests).toEqual({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    const selector = ((deployment.spec as Json).selector as Json).matchLabels;
    expect(podSpec.metadata.labels).toEqual(expect.objectContaining(selector as Json));
    const pdb = ofKind('PodDisruptionBudget')[0] as { spec: { selector: Json; minAvailable: number } };
    expect(pdb.spec.selector.matchLabels).toEqual(selector);
    expect((deployment.spec as Json).replicas as number).toBeGreaterThan(pdb.spec.minAvailable);
    const serviceSelector = (ofKind('Service')[0] as { spec: { selector: Json } }).spec.selector;
    expect(serviceSelector).toEqual(selector);
    const hpa = ofKind('HorizontalPodAutoscaler')[0] as {
      spec: { scaleTargetRef: Json; minReplicas: number };
    };
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: (deployment.metadata as Json).name,
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('balances over both compose replicas', () => {
    const nginx = readFileSync(join(deployDir, 'nginx.conf'), 'utf8');
    const upstreams = [...nginx.matchAll(/^\s*server (\S+):(\d+)/gm)].map((m) => [m[1], m[2]]);
    expect(upstreams).toEqual([
      ['cds-1', dockerPort],
      ['cds-2', dockerPort],
    ]);
    expect(JSON.stringify(compose.services.lb?.volumes)).toContain('./nginx.conf:/etc/nginx/nginx.conf');
  });
});
