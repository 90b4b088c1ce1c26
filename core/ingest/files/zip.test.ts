import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratch, writeScratch } from '../file-test-util';
import { extractZip, listZip } from './zip';

const SAMPLE = join(__dirname, '..', '..', '..', 'resources', 'data', 'sensorlogger-sample.zip');

describe('zip reader', () => {
  it('lists and inflates a deflated archive, flattening member paths', () => {
    expect(listZip(SAMPLE).map((e) => e.name)).toContain('2026-03-01_12-00-00/Accelerometer.csv');
    const out = extractZip(SAMPLE, join(scratch(), 'x'), (name) => name.endsWith('.csv'));
    expect([...out.keys()].sort()).toEqual(['Accelerometer.csv', 'Annotation.csv', 'Gyroscope.csv', 'Location.csv', 'Metadata.csv']);
  });

  it('refuses what is not a zip', () => {
    const path = writeScratch(scratch(), 'bad.zip', 'PK\u0003\u0004 then nothing useful');
    expect(() => listZip(path)).toThrow(/not a readable zip archive/);
  });
});
