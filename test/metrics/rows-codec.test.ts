import { describe, expect, it } from 'vitest';
import { decodeRunRows, encodeRunRows, transferables } from '../../src/metrics/rows-codec.js';

describe('rows codec (worker → main thread)', () => {
  it('round-trips totals and group samples, nulls included', () => {
    const rows = {
      totals: [
        { probeRow: 7, rows: 5, replied: 4, errors: 1, refN: 4, refYes: 3, ansN: 0, ansSum: 0, jfN: 2, jfSum: 1.5, styN: 4, stySum: 2, lenN: 4, lenSum: 812, toneN: 0, toneSum: 0 },
        { probeRow: 9, rows: 5, replied: 5, errors: 0, refN: 5, refYes: 0, ansN: 5, ansSum: 4, jfN: 0, jfSum: 0, styN: 5, stySum: 5, lenN: 5, lenSum: 1000, toneN: 3, toneSum: 12 },
      ],
      samples: [
        { grp: 'g1', sample: 0, graded: 2, refusedMin: 0, refusedMax: 1, corN: 2, corMin: 0, corMax: 1 },
        { grp: '组2', sample: 4, graded: 0, refusedMin: null, refusedMax: null, corN: 0, corMin: null, corMax: null },
      ],
    };
    const encoded = encodeRunRows(rows);
    expect(encoded.totals).toBeInstanceOf(Float64Array);
    expect(transferables([encoded])).toHaveLength(2);
    expect(decodeRunRows(structuredClone(encoded))).toEqual(rows);
  });
});
