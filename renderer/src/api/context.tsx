import { createContext, useContext } from 'react';
import type { LabClient } from './client';

export const LabClientContext = createContext<LabClient | null>(null);

export function useLab(): LabClient {
  const client = useContext(LabClientContext);
  if (!client) throw new Error('LabClientContext is missing');
  return client;
}
