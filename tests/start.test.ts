/**
 * `npm start` serves the notebooks with the tslab kernel: the real Jupyter server, bound to localhost
 * with a token, asked over its REST API to start a tslab kernel.
 */
import { expect } from 'chai';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { ROOT } from '../scripts/jupyter';
import { freePort } from './helpers';

/** Waits until the server prints its URL with the token, and returns that URL. */
function serverUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no server URL within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(/(http:\/\/127\.0\.0\.1:\d+\/\S*\?token=[0-9a-f]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

describe('npm start', function () {
  this.timeout(120000);
  let child: ChildProcess;
  after(() => child?.kill('SIGTERM'));

  it('serves notebooks/ on localhost with a token and starts tslab kernels', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [path.join(ROOT, 'build', 'scripts', 'start.js'), '--no-browser'], {
      env: { ...process.env, DL_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = new URL(await serverUrl(child, 60000));
    expect(url.hostname).to.equal('127.0.0.1');
    expect(url.port).to.equal(String(port));
    const token = url.searchParams.get('token')!;
    const api = (p: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${port}${p}`, { ...init, headers: { Authorization: `token ${token}`, ...(init.headers ?? {}) } });

    expect((await api('/api/contents/01-cost-minimization.ipynb')).status, 'serves notebooks/').to.equal(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/kernelspecs`)).status, 'refuses requests without the token').to.equal(403);
    const specs = (await (await api('/api/kernelspecs')).json()) as { kernelspecs: Record<string, { spec: { language: string } }> };
    expect(specs.kernelspecs).to.have.property('tslab');
    expect(specs.kernelspecs.tslab.spec.language).to.equal('typescript');

    const kernel = (await (await api('/api/kernels', { method: 'POST', body: JSON.stringify({ name: 'tslab' }) })).json()) as { id: string; name: string };
    expect(kernel.name).to.equal('tslab');
    // The server marks a kernel idle only once a client connects over a websocket (the browser test
    // does that); here it is enough that the kernel process started and stays up.
    await new Promise((r) => setTimeout(r, 3000));
    const running = (await (await api(`/api/kernels/${kernel.id}`)).json()) as { execution_state: string };
    expect(running.execution_state, 'the tslab kernel is up').to.be.oneOf(['starting', 'idle', 'busy']);
    expect((await api(`/api/kernels/${kernel.id}`, { method: 'DELETE' })).status).to.equal(204);
  });
});
