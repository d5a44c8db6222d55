import { Controller, Get, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import { once } from 'node:events';
import { createApp } from './create-app';

@Controller('test')
class StuckController {
  /** A handler nothing bounded: it never answers. */
  @Get('stuck')
  stuck(): Promise<never> {
    return new Promise<never>(() => undefined);
  }
}

@Module({ controllers: [StuckController] })
class TestModule {}

describe('HTTP timeouts of an app built by createApp', () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    app = await createApp({
      name: 'test-api',
      rootModule: TestModule,
      config: { host: '127.0.0.1', port: 0, logLevel: 'silent', httpRequestTimeoutMs: 4_000, httpConnectionTimeoutMs: 1_000 },
    });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
    port = address.port;
  });
  afterAll(async () => {
    await app.close();
  });

  it('closes the connection of a request whose handler never answers once the connection timeout passes', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /test/stuck HTTP/1.1\r\nHost: localhost\r\n\r\n');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));

    await once(socket, 'close');

    expect(received).toBe('');
  });

  it('gives clients the configured time to send a whole request', () => {
    const server = app.getHttpServer();

    expect(server.requestTimeout).toBe(4_000);
    expect(server.timeout).toBe(1_000);
  });
});
