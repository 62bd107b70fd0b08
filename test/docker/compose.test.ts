import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES, NATIVE_MEMORY_ENVIRONMENT } from '../../lib/config';

// Docker cannot run here, so the deployment files are checked statically: structure, pinned
// images, health checks, volumes, and that every variable and command they use exists.

type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  env_file?: unknown;
  volumes?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[] };
};

const compose = parse(fs.readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const scripts = Object.keys((JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts);
// Variables read by Qdrant or Next.js themselves, not by Docent's config module.
const FOREIGN_VARIABLES = new Set(['QDRANT__CLUSTER__ENABLED', 'NEXT_TELEMETRY_DISABLED']);

describe('docker-compose.yml', () => {
  const { services } = compose;

  it('pins Qdrant to a 1.19.x image with storage and a /readyz health check, in every Qdrant service', () => {
    const qdrants = Object.entries(services).filter(([, service]) => service.image?.startsWith('qdrant/qdrant'));
    expect(qdrants.map(([name]) => name).sort()).toEqual(['qdrant', 'qdrant-node-1', 'qdrant-node-2', 'qdrant-node-3']);
    for (const [name, service] of qdrants) {
      expect(service.image, name).toMatch(/^qdrant\/qdrant:v1\.19\.\d+$/);
      expect(service.healthcheck?.test.join(' '), name).toContain('/readyz');
      expect(
        service.volumes?.some((volume) => volume.endsWith(':/qdrant/storage')),
        name,
      ).toBe(true);
    }
  });

  it('runs the web app and the watcher from the Dockerfile, after Qdrant is healthy, on one .env', () => {
    expect(services.app!.command).toEqual(['npm', 'run', 'serve']);
    expect(services.watcher!.command).toEqual(['npm', 'run', 'watch']);
    for (const name of ['app', 'watcher']) {
      const service = services[name]!;
      expect(service.build, name).toBe('.');
      expect(service.env_file, name).toEqual([{ path: '.env', required: false }]);
      expect(service.depends_on?.qdrant, name).toMatchObject({ condition: 'service_healthy' });
      expect(service.depends_on?.['qdrant-node-1'], name).toMatchObject({ condition: 'service_healthy' });
      expect(
        service.volumes?.some((volume) => volume.startsWith('docent-data:/data')),
        name,
      ).toBe(true);
      expect(
        service.volumes?.some((volume) => volume.startsWith('./knowledge:/knowledge')),
        name,
      ).toBe(true);
      expect(scripts, `npm run ${service.command![2]}`).toContain(service.command![2]);
    }
    expect(services.watcher!.volumes).toContain('./knowledge:/knowledge');
  });

  it('uses only environment variables that the config module (or Qdrant/Next.js) reads', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(ENVIRONMENT_VARIABLES.includes(variable) || FOREIGN_VARIABLES.has(variable), `${name}: ${variable}`).toBe(true);
      }
    }
    const example = fs.readFileSync('.env.example', 'utf8');
    const documented = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    for (const variable of documented) {
      expect(ENVIRONMENT_VARIABLES.includes(variable) || variable === 'COMPOSE_PROFILES', `.env.example: ${variable}`).toBe(true);
    }
    // And the other way round: every setting the config module reads is documented there.
    expect(ENVIRONMENT_VARIABLES.filter((variable) => !documented.includes(variable))).toEqual([]);
  });

  it('has a three-node cluster profile bootstrapped from node 1, and an ollama profile', () => {
    const nodes = ['qdrant-node-1', 'qdrant-node-2', 'qdrant-node-3'].map((name) => services[name]!);
    for (const node of nodes) {
      expect(node.profiles).toEqual(['cluster']);
      expect(node.environment?.QDRANT__CLUSTER__ENABLED).toBe('true');
    }
    expect(nodes[0]!.command).toEqual(['./qdrant', '--uri', 'http://qdrant-node-1:6335']);
    for (const node of nodes.slice(1)) expect(node.command!.join(' ')).toContain('--bootstrap http://qdrant-node-1:6335');
    expect(services.ollama).toMatchObject({ profiles: ['ollama'], image: expect.stringMatching(/^ollama\/ollama:\d+\.\d+\.\d+$/) });
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.')) expect(Object.keys(compose.volumes), volume).toContain(source);
      }
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = fs.readFileSync('Dockerfile', 'utf8');

  it('is multi-stage, keeps production dependencies only, and runs as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    // The bundles are built into the image, before the runtime stage copies it, rather than at the first start.
    expect(dockerfile).toMatch(/npm run bundle && npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).not.toMatch(/g\+\+|make|python3/);
    const command = /^CMD \["npm", "run", "([a-z:]+)"\]$/m.exec(dockerfile);
    expect(command && scripts).toContain(command![1]);
    expect(fs.readFileSync('.dockerignore', 'utf8')).toMatch(/^node_modules$/m);
    // Both processes of the image hand back what their retired worker threads freed.
    for (const [name, value] of Object.entries(NATIVE_MEMORY_ENVIRONMENT)) expect(runtime).toContain(`ENV ${name}=${value}`);
  });
});
