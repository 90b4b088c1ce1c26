import { create } from 'zustand';
import type { ImportPreview, ImportProgressEvent, ImportRecord, ImportResult, QuarantineListing, UploadedFile } from '../../../core/api/files-contract';
import type { LabClient } from '../api/client';
import { formFromPreview, mappingToOptions, validateMapping, type MappingErrors, type MappingForm } from './import-form';

export type ImportStep = 'idle' | 'uploading' | 'mapping' | 'running' | 'done';

interface ImportState {
  step: ImportStep;
  file: UploadedFile | null;
  preview: ImportPreview | null;
  form: MappingForm | null;
  errors: MappingErrors;
  progress: ImportProgressEvent | null;
  result: ImportResult | null;
  /** The engine's "already imported" message while the user decides whether to import again. */
  reimport: string | null;
  error: string | null;
  history: ImportRecord[];
  quarantine: QuarantineListing | null;
  setForm(patch: Partial<MappingForm>): void;
  setProgress(p: ImportProgressEvent): void;
  /** Browser: upload a dropped or picked file, then preview it. */
  upload(lab: LabClient, file: File): Promise<void>;
  /** A file already in the inbox (uploaded, or staged by File → Import…). */
  open(lab: LabClient, file: UploadedFile): Promise<void>;
  run(lab: LabClient, again?: boolean): Promise<void>;
  cancel(lab: LabClient): Promise<void>;
  dismissReimport(): void;
  loadHistory(lab: LabClient): Promise<void>;
  loadQuarantine(lab: LabClient, source?: string): Promise<void>;
  reset(): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const isReimport = (e: unknown) => typeof e === 'object' && e !== null && 'detail' in e && typeof (e as { detail: unknown }).detail === 'object' && (e as { detail: object | null }).detail !== null && 'reimport' in ((e as { detail: object }).detail);

const initial = { step: 'idle' as ImportStep, file: null, preview: null, form: null, errors: {}, progress: null, result: null, reimport: null, error: null };

export const useImport = create<ImportState>((set, get) => ({
  ...initial,
  history: [],
  quarantine: null,
  setForm: (patch) => {
    const { form, preview } = get();
    if (!form || !preview) return;
    const next = { ...form, ...patch };
    set({ form: next, errors: validateMapping(next, preview.columns.map((c) => c.name)) });
  },
  setProgress: (progress) => {
    if (get().step === 'running' && progress.file === get().file?.file) set({ progress });
  },
  upload: async (lab, file) => {
    set({ ...initial, step: 'uploading' });
    try {
      await get().open(lab, await lab.upload(file));
    } catch (e) {
      set({ step: 'idle', error: message(e) });
    }
  },
  open: async (lab, file) => {
    set({ ...initial, step: 'uploading', file });
    try {
      const preview = await lab.importPreview({ file: file.file });
      const form = formFromPreview(preview);
      set({ step: 'mapping', preview, form, errors: form ? validateMapping(form, preview.columns.map((c) => c.name)) : {} });
    } catch (e) {
      set({ step: 'idle', error: message(e) });
    }
  },
  run: async (lab, again = false) => {
    const { file, form, errors } = get();
    if (!file || Object.keys(errors).length > 0) return;
    set({ step: 'running', progress: null, reimport: null, error: null });
    try {
      const result = await lab.importRun({ file: file.file, options: form ? mappingToOptions(form) : {}, again });
      set({ step: 'done', result });
      void get().loadHistory(lab);
    } catch (e) {
      if (isReimport(e)) set({ step: 'mapping', reimport: message(e) });
      else set({ step: 'mapping', error: message(e) });
    }
  },
  cancel: async (lab) => {
    await lab.importCancel({});
  },
  dismissReimport: () => set({ reimport: null }),
  loadHistory: async (lab) => {
    try {
      set({ history: await lab.importHistory({ limit: 50 }) });
    } catch (e) {
      set({ error: message(e) });
    }
  },
  loadQuarantine: async (lab, source) => {
    try {
      set({ quarantine: await lab.quarantine({ ...(source ? { source } : {}), limit: 500 }) });
    } catch (e) {
      set({ error: message(e) });
    }
  },
  reset: () => set(initial),
}));
