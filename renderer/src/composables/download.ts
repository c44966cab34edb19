/** Files made by the core: wait for an export job, then hand the file to the browser (or Electron's save dialog). */
import { api } from '../api';

export interface DownloadedFile {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

/** A file made in the renderer or returned as text by the core (CSV, GeoJSON). */
export interface TextFile {
  fileName: string;
  mime: string;
  text: string;
}

/** Polls exports.download until the job's file is ready. */
export async function awaitExport(jobId: string): Promise<DownloadedFile> {
  for (let wait = 100; ; wait = Math.min(wait * 1.5, 1000)) {
    const job = await api.call('exports.download', { jobId });
    if (job.status === 'done') return { fileName: job.fileName, mime: job.mime, bytes: Uint8Array.from(atob(job.base64), (c) => c.charCodeAt(0)) };
    if (job.status === 'failed') throw new Error(job.message);
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** The app's one way to hand a file to the browser (or Electron's save dialog). */
export function saveFile(file: DownloadedFile | TextFile): void {
  const body: BlobPart = 'text' in file ? file.text : (file.bytes as BlobPart);
  const url = URL.createObjectURL(new Blob([body], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: the download may not have read the blob yet when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
