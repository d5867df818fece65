/**
 * `npm start` serves the notebooks in JupyterLab with the tslab kernel: the real Jupyter server, bound
 * to localhost with a token, asked over its REST API to start a tslab kernel, and stopped with its
 * kernels when `npm start` is.
 */
import { expect } from 'chai';
import { ChildProcess } from 'child_process';
import * as path from 'path';
import { ROOT } from '../../scripts/jupyter';
import { commandLine, processesOf, spawnStoppable, stopProcessTree } from '../child-processes';
import { freePort } from '../helpers';

/** Waits until the server prints its URL with the token, and returns that URL with all it printed. */
function serverUrl(child: ChildProcess, timeoutMs: number): Promise<{ url: string; printed: string }> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no server URL within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(/(http:\/\/127\.0\.0\.1:\d+\/\S*\?token=[0-9a-f]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], printed: seen });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

describe('npm start', function () {
  this.timeout(120000);
  let child: ChildProcess | undefined;
  afterEach(() => stopProcessTree(child));

  it('serves notebooks/ in JupyterLab on localhost with a token, starts tslab kernels, and stops them when it stops', async () => {
    const port = await freePort();
    child = spawnStoppable(process.execPath, [path.join(ROOT, 'build', 'scripts', 'start.js'), '--no-browser'], {
      env: { ...process.env, DL_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { url: printed, printed: output } = await serverUrl(child, 90000);
    expect(output).to.match(/^Starting JupyterLab with /m);
    const url = new URL(printed);
    expect(url.hostname).to.equal('127.0.0.1');
    expect(url.port).to.equal(String(port));
    expect(url.pathname).to.equal('/lab');
    const token = url.searchParams.get('token')!;
    const api = (p: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${port}${p}`, { ...init, headers: { Authorization: `token ${token}`, ...(init.headers ?? {}) } });

    const lab = await api('/lab');
    expect(lab.status, 'serves the JupyterLab page').to.equal(200);
    expect(await lab.text()).to.contain('<title>JupyterLab</title>');
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
    const kernels = () => processesOf(child!).filter((pid) => / kernel --config-path /.test(commandLine(pid)));
    expect(kernels(), 'the tslab kernel process, started by npm start').to.have.length(1);

    // As a process manager stops it: SIGTERM to `npm start` alone; Jupyter shuts its kernels down.
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    for (let i = 0; i < 50 && processesOf(child).length > 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(processesOf(child), 'processes left after npm start stopped').to.deep.equal([]);
  });
});
