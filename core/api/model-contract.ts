import type { LiveAlert, LivePrediction } from '../ml/live-store';
import type { ModelEntry } from '../ml/registry';
import type { RetrainStatus } from '../ml/retrainer';
import type { Annotation } from '../store/annotations';
export type { Annotation } from '../store/annotations';
export type { RetrainRun, RetrainStatus } from '../ml/retrainer';

/** Responses and events of the model methods (merged into LabResponses and LabEvents). */
export type { LiveAlert, LivePrediction } from '../ml/live-store';

/** A registry entry without its artifact. */
export type ModelSummary = ModelEntry;

export interface StoredAlert extends LiveAlert {
  id: number;
}

export interface TrainProgressEvent {
  name: string;
  treesDone: number;
  trees: number;
}

export interface TrainStartResponse {
  model: string;
  /** Rows trained and tested on (windows of a series model). */
  rows: number;
  features: number;
  threshold: number | null;
  metrics: Record<string, unknown>;
  trainSeconds: number;
  warnings: string[];
}

export interface ModelResponses {
  modelsList: { models: ModelSummary[] };
  modelsCompare: { models: ModelSummary[] };
  modelPromote: ModelSummary;
  trainStart: TrainStartResponse;
  trainCancel: { cancelled: boolean };
  retrainStart: RetrainStatus;
  retrainStop: RetrainStatus;
  retrainStatus: RetrainStatus;
  annotationsList: { annotations: Annotation[] };
  annotationAdd: Annotation;
  annotationRemove: { removed: number };
  predictionsList: { predictions: LivePrediction[]; truncated: boolean };
  alertsList: { alerts: StoredAlert[]; truncated: boolean };
}
