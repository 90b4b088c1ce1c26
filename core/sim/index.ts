export { Random, streamState } from './random';
export {
  DATA_FAULTS,
  DEFAULT_FAULT_TIMING,
  FAULT_KINDS,
  FAULT_SENSORS,
  PHYSICAL_FAULTS,
  resolveFaults,
  type ActiveFaults,
  type DataFault,
  type FaultKind,
  type FaultSelection,
  type FaultTiming,
  type PhysicalFault,
} from './faults';
export { createProfile, DEFAULT_MOTOR, PROFILE_NAMES, type MotorParams, type Profile, type ProfileName } from './profiles';
export { machineName, MAX_MACHINES, Simulator, type GenerateResult, type SimulatorConfig } from './simulator';
export { LiveDriver, type LiveOptions } from './live';
