/**
 * The renderer's only door to the main process: call(method, input, language) for the commands
 * (the local database's, or a server's once connected), and account(action, payload, language)
 * for the server connection itself (reach, sign in, sign out, disconnect). Runs sandboxed with
 * context isolation; exposes no ipcRenderer and no Node API; the main process checks every payload.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('aiguillage', {
  call: (method: string, input: unknown, language?: string) => ipcRenderer.invoke('aiguillage:call', method, input, language),
  account: (action: string, payload: unknown, language?: string) => ipcRenderer.invoke('aiguillage:account', action, payload, language),
});
