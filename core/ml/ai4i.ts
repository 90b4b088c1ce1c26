import { parseDerive } from './derive';

/**
 * The AI4I 2020 failure task as the issue states it: label `Machine failure`, the identifiers and
 * the failure sub-flags (which are the label split by cause) excluded, plus physics-derived
 * features written as SQL over the table's columns. Used by the bench case and the tests.
 */
export const AI4I_SPEC = {
  label: 'Machine failure',
  drop: ['UDI', 'Product ID', 'TWF', 'HDF', 'PWF', 'OSF', 'RNF'],
  derive: [
    // Mechanical power in W (power failures sit below 3.5 kW and above 9 kW).
    'power="Torque [Nm]" * "Rotational speed [rpm]" * 2 * pi() / 60',
    // Heat dissipation fails when this is under 8.6 K at low speed.
    'temp_diff="Process temperature [K]" - "Air temperature [K]"',
    'strain="Tool wear [min]" * "Torque [Nm]"',
    // The data set's documented overstrain limits per product quality (L/M/H), as a ratio.
    `overstrain="Tool wear [min]" * "Torque [Nm]" / CASE "Type" WHEN 'L' THEN 11000 WHEN 'M' THEN 12000 ELSE 13000 END`,
  ].map(parseDerive),
};
