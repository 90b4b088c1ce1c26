/**
 * The method names of LabApi as a runtime list, free of any dependency, so the sandboxed preload
 * and the renderer can import it. A test keeps it equal to the request schemas' keys.
 */
export const LAB_METHODS = [
  'workspaceInfo',
  'status',
  'simulationStart',
  'simulationStop',
  'liveSubscribe',
  'timeRange',
  'm4',
  'stats',
  'hot',
  'exportReadings',
  'cyclesDetect',
  'cyclesCancel',
  'cyclesList',
  'importPreview',
  'importRun',
  'importCancel',
  'importHistory',
  'quarantine',
  'windows',
  'compare',
  'sql',
  'sqlCancel',
  'exportSql',
  'exportWindows',
] as const;
