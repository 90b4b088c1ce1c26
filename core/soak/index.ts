export { defaultWarmupMs, MAX_SOAK_RATE, MAX_SOAK_SAMPLES, MIN_SOAK_RATE, memoryTrend, runSoak, soakPlan, SOAK_MIN_RATE_SHARE, SOAK_PROFILE, SOAK_TARGET_MB_PER_10_MIN, type SoakOptions, type SoakPlan, type SoakResult, type SoakSample } from './soak';
export { leastSquares, type LineFit } from './trend';
