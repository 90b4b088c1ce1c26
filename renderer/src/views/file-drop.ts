import { useEffect } from 'react';
import type { LabClient } from '../api/client';
import { useApp } from '../stores/app';
import { useImport } from '../stores/importer';

const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');

/**
 * Files dropped anywhere on the window open the Import view with the first file uploaded and
 * previewed; without this the browser would navigate away to the dropped file.
 */
export function useWindowFileDrop(lab: LabClient): void {
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      document.body.classList.add('dragging-file');
    };
    const leave = () => document.body.classList.remove('dragging-file');
    const drop = (e: DragEvent) => {
      leave();
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      useApp.getState().setView('import');
      void useImport.getState().upload(lab, file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [lab]);
}
