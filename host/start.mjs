/**
 * `npm start`: builds what changed, then opens the real Electron window when the Electron
 * binary is installed and a display exists; otherwise starts browser mode (host/main.ts, built to out/main/host.js) and
 * prints the URL to open. Arguments (--db FILE, --no-demo, --port N) are passed on; --build-only
 * stops after the build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/**
 * The Electron executable if it is really there. Not require('electron'): in Electron 45 that
 * tries to download the binary when it is missing, which cannot work on an offline machine.
 */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  const executable = join(dist, name);
  return existsSync(executable) ? executable : null;
}

const built = newestMtime(join(root, 'out', 'renderer', 'index.html'));
const sources = Math.max(...['renderer', 'core', 'electron', 'host', 'package.json', 'electron.vite.config.ts'].map((p) => newestMtime(join(root, p))));
if (built < sources) {
  console.log('Building the app…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// `.ci/app server` only wants the build brought up to date.
if (args.includes('--build-only')) process.exit(0);

const electron = electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const child =
  electron && hasDisplay
    ? spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' })
    : (console.log(electron ? 'No display: starting browser mode.' : 'Electron binary not installed: starting browser mode.'),
      spawn(process.execPath, [join(root, 'out', 'main', 'host.js'), ...args], { cwd: root, stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
