import { it } from 'vitest';
import { wilson, newcombePairedDifference, mcnemarExact, normalQuantile, minDetectableDifference, cohensKappa } from '../../src/stats/index.js';
it('x', () => {
console.log(wilson(0,10), wilson(5,10), wilson(10,10), wilson(81,263));
console.log(newcombePairedDifference({both:36, onlyFirst:2, onlySecond:12, neither:0}));
console.log(mcnemarExact(0,6), mcnemarExact(2,8), mcnemarExact(5,5));
console.log(normalQuantile(0.975), normalQuantile(0.8), minDetectableDifference(100, 0.5));
console.log(cohensKappa([...Array(20).fill('y'),...Array(5).fill('y'),...Array(10).fill('n'),...Array(15).fill('n')],[...Array(20).fill('y'),...Array(5).fill('n'),...Array(10).fill('y'),...Array(15).fill('n')]).kappa);
});
