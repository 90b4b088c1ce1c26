/** The built-in payload formats the connector decodes; dependency-free so the renderer can list them. */
export const FORMATS = ['servo', 'fleet', 'motor', 'sensorlogger', 'long', 'csv'] as const;
export type KafkaFormat = (typeof FORMATS)[number];

/** The user-mapped format: it needs a field mapping too (`--format map:FILE`, or `mapping` in LabApi), so it is not in FORMATS. */
export const MAP_FORMAT = 'map';
