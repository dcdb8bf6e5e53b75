/** The optional cloud second opinion on intent, composed over any embedded `IntentClassifier`. */
export {
  asAsync,
  type ExamplesSource,
  isUncertain,
  type SecondOpinionOptions,
  withLlmSecondOpinion,
} from './second-opinion.ts';
export { buildCatalog, customerMessage, type IntentCatalog, IntentChoice, type PromptLimits } from './prompt.ts';
