/** What a workspace knows about a sensor: its unit and the range a physical reading can take. */
export interface SensorSpec {
  name: string;
  unit: string;
  /** Readings below `min` or above `max` are rejected to quarantine. */
  min: number;
  max: number;
}

export interface MachineSpec {
  name: string;
  profile?: string;
}
