export { wilson, Z95 } from './wilson.js';
export { clusteredMean, clusteredFromSums, wilsonClustered, plainStandardError, type ClusteredMean } from './clustered.js';
export { mcnemarExact } from './mcnemar.js';
export { newcombePairedDifference } from './newcombe.js';
export { mulberry32, randomInt, type Random } from './random.js';
export {
  pairedBootstrap, quantileSorted, DEFAULT_BOOTSTRAP_SEED, DEFAULT_BOOTSTRAP_ITERATIONS, type BootstrapResult,
} from './bootstrap.js';
export { comparePaired, type PairedResult } from './paired.js';
export { minDetectableDifference, sdOfDifferences, pairedMoments } from './power.js';
export { normalQuantile } from './normal.js';
export { cohensKappa, kappaFromCounts, type KappaResult } from './kappa.js';
