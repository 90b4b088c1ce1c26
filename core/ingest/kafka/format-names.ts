/** The payload formats the connector decodes; dependency-free so the renderer can list them. */
export const FORMATS = ['servo', 'fleet', 'motor', 'sensorlogger', 'long', 'csv'] as const;
export type KafkaFormat = (typeof FORMATS)[number];
