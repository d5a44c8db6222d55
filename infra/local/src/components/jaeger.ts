import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component } from '../component';
import { cacheDir, componentPaths } from '../paths';
import { answersGet } from '../http-check';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { buildGoTool } from '../go-build';
import { ports } from '../settings';
import { requireTool } from '../tools';
import { waitUntil } from '../wait';
import { jaegerConfig } from './jaeger-config';

const jaegerVersion = '1.75.0';
const jaegerProgram = 'github.com/jaegertracing/jaeger/cmd/jaeger';

/** Jaeger v2 (one binary: OTLP receiver, in-memory storage, query API), for the apps' traces. */
export function jaegerComponent(): Component {
  const paths = componentPaths('jaeger');
  const home = join(cacheDir, `jaeger-${jaegerVersion}`);
  const binary = join(home, 'jaeger');
  const port = ports.jaeger;
  return {
    name: 'jaeger',
    profile: 'observability',
    version: jaegerVersion,
    paths,
    port,
    otherPorts: [
      { port: ports.jaegerQueryGrpc, overrideVariable: 'LEDGER_JAEGER_QUERY_GRPC_PORT' },
      { port: ports.jaegerOtlpHttp, overrideVariable: 'LEDGER_JAEGER_OTLP_HTTP_PORT' },
      { port: ports.jaegerOtlpGrpc, overrideVariable: 'LEDGER_JAEGER_OTLP_GRPC_PORT' },
    ],
    envVariable: 'JAEGER_URL',
    localUrl: `http://127.0.0.1:${port}`,
    // Where the apps send their spans: they trace only when this is set.
    connectionEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.jaegerOtlpHttp}` },
    stopSignal: 'SIGTERM',
    async install(progress) {
      if (existsSync(binary)) return;
      requireTool('go', ['version']);
      progress(`jaeger: building Jaeger ${jaegerVersion} with go (first run only, ten minutes or more)…`);
      await build(home, binary);
    },
    async start() {
      mkdirSync(paths.home, { recursive: true });
      const configFile = join(paths.home, 'jaeger.yaml');
      writeFileSync(
        configFile,
        jaegerConfig({ query: port, queryGrpc: ports.jaegerQueryGrpc, otlpHttp: ports.jaegerOtlpHttp, otlpGrpc: ports.jaegerOtlpGrpc }),
      );
      spawnDaemon({ command: binary, args: ['--config', configFile], logFile: paths.logFile, pidFile: paths.pidFile });
      await this.waitReady(this.localUrl, 60_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => answersGet(new URL('/api/services', url)), { what: 'jaeger', timeoutMs, giveUpIf: exitedDuringStart(paths, 'server') });
    },
  };
}

/**
 * Jaeger is a program, not a library: built at exactly v1.75.0 from the module proxy as a tool
 * (go-build.ts). The module cache stays in the cache folder, so a rebuild needs no downloads.
 */
function build(home: string, binary: string): Promise<void> {
  const settings = {
    moduleCache: join(home, 'gomod'),
    logFile: join(cacheDir, 'logs', 'jaeger-build.log'),
    failure: `jaeger: building Jaeger ${jaegerVersion} failed (it needs Go 1.24+ and access to the Go module proxy)`,
  };
  return buildGoTool(settings, jaegerProgram, `v${jaegerVersion}`, binary, home);
}
