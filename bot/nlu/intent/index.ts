/** The embedded intent classifier: trained at load from the topics' trigger phrases, retrained in the background. */
export { chooseThreshold, fitTemperature, rates, type ScoredExample, type ThresholdChoice } from './calibration.ts';
export { DEFAULT_FEATURES, type FeatureOptions } from './features.ts';
export { DEFAULT_SETTINGS, IntentModel, type IntentModelData, type IntentModelSettings } from './model.ts';
export { DEFAULT_SVM, trainIntentModel, type IntentTrainingConfig, type IntentTrainingOptions, type TrainedIntentModel } from './train.ts';
export { trainIntentModelInWorkers, workerTrainer, type ParallelOptions } from './parallel.ts';
export { IntentModelHolder, type IntentTrainer, type RetrainOutcome } from './holder.ts';
