/** The native menu: standard roles plus the app's own entries; the developer tools in a development build only. */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { viewMenuRoles } from './policy';

export function buildMenu(actions: { openDatabase: () => void }, packaged: boolean): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [{ label: 'Open database…', accelerator: 'CmdOrCtrl+O', click: actions.openDatabase }, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: viewMenuRoles(packaged).map((role): MenuItemConstructorOptions => (role === 'separator' ? { type: 'separator' } : { role })) },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
