/**
 * The renderer's only door to the main process: one function, call(method, input, language).
 * Runs sandboxed with context isolation; exposes no ipcRenderer and no Node API.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('aiguillage', {
  call: (method: string, input: unknown, language?: string) => ipcRenderer.invoke('aiguillage:call', method, input, language),
});
