/**
 * `npm start`: JupyterLab (the one `npm install` put in .venv/, else any Python's that `findJupyterPython`
 * finds; the classic Notebook where there is none) on notebooks/, bound to localhost with Jupyter's
 * token on, using the project's tslab kernel.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { findJupyterPython, hasJupyterLab, jupyterEnv, jupyterMissingMessage, kernelProblem, ROOT } from './jupyter';

function main(): void {
  const python = findJupyterPython();
  if (python === undefined) {
    console.error(`error: ${jupyterMissingMessage()}`);
    process.exit(1);
  }
  const problem = kernelProblem();
  if (problem !== undefined) {
    console.error(`error: ${problem}`);
    process.exit(1);
  }
  const lab = hasJupyterLab(python);
  const port = process.env.DL_PORT ?? '8888';
  const extra = process.argv.slice(2);
  const args = [
    '-m', lab ? 'jupyterlab' : 'notebook',
    '--ip=127.0.0.1',
    `--port=${port}`,
    // A --notebook-dir of the user's replaces ours (Jupyter refuses two).
    ...(extra.some((a) => a.startsWith('--notebook-dir')) ? [] : [`--notebook-dir=${path.join(ROOT, 'notebooks')}`]),
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ...extra,
  ];
  console.log(`Starting ${lab ? 'JupyterLab' : 'the classic Jupyter Notebook (no JupyterLab here: `npm run setup` installs it)'} with ${python} on http://127.0.0.1:${port} (open the URL with the token it prints).`);
  const child = spawn(python, args, { stdio: 'inherit', env: jupyterEnv() });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

main();
