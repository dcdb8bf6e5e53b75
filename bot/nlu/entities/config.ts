/**
 * Entity extraction settings, validated with zod where they are loaded: the default phone region, the date
 * locale and time zone, what "$" means, the order/account number patterns, and how much of a message is read.
 * Errors name the field (`entities.patterns[1].pattern: invalid regular expression: …`).
 */
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';

export const DATE_LOCALES = ['en', 'en-GB', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'ja'] as const;

const PatternSchema = z
  .object({
    type: z.enum(['order_number', 'account_number']),
    pattern: z.string().min(1),
    /** Regular-expression flags besides g, d (always added); "i" by default. */
    flags: z.string().regex(/^(?!.*(.).*\1)[imsu]*$/, 'may only hold i, m, s, u, each once').default('i'),
    /** The capture group that is the identifier (its span is the entity's); 0 for the whole match. */
    group: z.number().int().min(0).default(1),
  })
  .superRefine((value, context) => {
    const problem = regexProblem(value.pattern, value.flags, value.group);
    if (problem) context.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  });

export const EntityConfigSchema = z.object({
  /** ISO 3166 region for numbers written without a country code. */
  defaultRegion: z
    .string()
    .refine((code) => isSupportedCountry(code), 'not a supported ISO 3166 region (e.g. "US", "GB", "DE")')
    .default('US'),
  dateLocale: z.enum(DATE_LOCALES).default('en'),
  /** Minutes east of UTC in which "today" and "next Friday" are read. */
  timezoneOffsetMinutes: z.number().int().min(-840).max(840).default(0),
  /** The currency of a bare "$". */
  dollarCurrency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "USD"').default('USD'),
  patterns: z.array(PatternSchema).optional(),
  /** Only the first this many characters are searched, so a pasted log costs no more than a long message. */
  maxChars: z.number().int().min(1).max(100_000).default(5_000),
});

export type EntityConfigInput = z.input<typeof EntityConfigSchema>;
export interface EntityPattern {
  readonly type: 'order_number' | 'account_number';
  readonly pattern: string;
  readonly flags: string;
  readonly group: number;
}
export interface EntityConfig {
  readonly defaultRegion: CountryCode;
  readonly dateLocale: (typeof DATE_LOCALES)[number];
  readonly timezoneOffsetMinutes: number;
  readonly dollarCurrency: string;
  readonly patterns: readonly EntityPattern[];
  readonly maxChars: number;
}

/**
 * A safe default for an online store: "AB-123456"-style order codes (with or without "order"/"#" before them),
 * digits after "order"/"order number", and account numbers after "account"/"customer" that contain a digit.
 */
export const DEFAULT_PATTERNS: readonly EntityPattern[] = Object.freeze([
  { type: 'order_number', pattern: String.raw`\b(?:#|order\s*(?:no\.?|number|num|id)?\s*[:#]?\s*)?([A-Z]{2}-?\d{5,8})\b`, flags: 'i', group: 1 },
  { type: 'order_number', pattern: String.raw`\border\s*(?:no\.?|number|num|id)?\s*[:#]?\s*#?(\d{5,12})\b`, flags: 'i', group: 1 },
  { type: 'order_number', pattern: String.raw`(?<![\w#])#(\d{5,12})\b`, flags: '', group: 1 },
  {
    type: 'account_number',
    pattern: String.raw`\b(?:account|acct|customer)\s*(?:no\.?|number|num|id)?\s*[:#]?\s*#?((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,18}[A-Z0-9])\b`,
    flags: 'i',
    group: 1,
  },
]);

export function parseEntityConfig(raw: unknown, where = 'entities'): EntityConfig {
  const result = EntityConfigSchema.safeParse(raw ?? {});
  if (!result.success) throw new Error(zodMessage(where, result.error), { cause: result.error });
  const { patterns, defaultRegion, ...rest } = result.data;
  return Object.freeze({ ...rest, defaultRegion: defaultRegion as CountryCode, patterns: Object.freeze(patterns ?? DEFAULT_PATTERNS) });
}

export const DEFAULT_ENTITY_CONFIG: EntityConfig = parseEntityConfig({});

/** `entities.patterns[1].pattern: …`, the first issue, with its path. */
export function zodMessage(where: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${where}: invalid`;
  const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  return `${where}${path}: ${issue.message}`;
}

function regexProblem(pattern: string, flags: string, group: number): string | null {
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, flags);
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  if (compiled.test('')) return 'matches the empty string';
  // An alternative that matches the empty string shows how many groups the pattern has.
  const groups = (new RegExp(`(?:${pattern})|`, flags).exec('')?.length ?? 1) - 1;
  if (group > groups) return `has ${groups} capture group(s), but group ${group} was asked for`;
  return null;
}
