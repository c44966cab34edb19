/** Remembers the window's size, position and maximised state between runs. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';

interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { x: 0, y: 0, width: 1400, height: 900 }, maximized: false };

export function loadWindowState(dir: string): WindowState {
  try {
    const state = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as WindowState;
    // Forget a position that is no longer on any screen (a monitor was unplugged).
    const visible = screen.getAllDisplays().some((d) => {
      const a = d.workArea;
      return state.bounds.x < a.x + a.width && state.bounds.x + state.bounds.width > a.x && state.bounds.y < a.y + a.height && state.bounds.y + state.bounds.height > a.y;
    });
    return visible ? state : { ...DEFAULT, bounds: { ...DEFAULT.bounds, width: state.bounds.width, height: state.bounds.height } };
  } catch {
    return DEFAULT;
  }
}

export function trackWindowState(win: BrowserWindow, dir: string): void {
  const save = () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(join(dir, 'window-state.json'), JSON.stringify(state));
    } catch {
      // Not being able to remember the window is no reason to stop the app.
    }
  };
  win.on('close', save);
}
