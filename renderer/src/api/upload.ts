import type { UploadedFile } from '../../../core/api/files-contract';
import { LabCallError } from './transport';

/**
 * Browser mode: `POST /upload?name=FILE` to the bridge that served the page. The token travels in
 * the cookie the first page load set (same origin), so the URL never carries it again.
 */
export async function uploadOverHttp(file: File, fetchImpl: typeof fetch = fetch): Promise<UploadedFile> {
  let res: Response;
  try {
    res = await fetchImpl(`/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, credentials: 'same-origin' });
  } catch (e) {
    throw new LabCallError({ code: 'io', message: `upload of ${file.name} failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  if (!res.ok) {
    const text = (await res.text()).trim();
    throw new LabCallError({ code: res.status === 413 || res.status === 400 ? 'invalid_input' : 'io', message: `upload of ${file.name} refused: ${text || res.status}` });
  }
  return (await res.json()) as UploadedFile;
}
