/** The embedding <script> tag's data-attributes, read once into a frozen config. */

export interface WidgetConfig {
  /** Origin of the support server (token endpoint). */
  readonly server: string;
  readonly title: string;
  readonly openAtLoad: boolean;
  /** Optional display name sent when a conversation starts. */
  readonly userName: string | undefined;
  readonly theme: Theme;
}

export interface Theme {
  readonly brand: string;
  /** Text/icon colour on a brand background. */
  readonly onBrand: string;
  /** Brand colour when used as text on white; falls back to ink when the brand is too light to read. */
  readonly brandInk: string;
}

const DEFAULT_BRAND = '#2b59c3';
const INK = '#1d2433';
const WHITE = '#ffffff';

export function readConfig(script: HTMLScriptElement | null, page: Location): WidgetConfig {
  const data = script?.dataset ?? {};
  const scriptOrigin = script?.src ? new URL(script.src, page.href).origin : page.origin;
  return Object.freeze({
    server: parseServer(data.server, scriptOrigin),
    title: data.title?.trim() || 'Support',
    openAtLoad: data.open === 'true',
    userName: data.userName?.trim() || undefined,
    theme: Object.freeze(themeFor(data.color)),
  });
}

function parseServer(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href.replace(/\/+$/, '');
  } catch (cause) {
    console.warn('SupportWidget: data-server is not a URL; using the script origin', cause);
  }
  return fallback;
}

export function themeFor(color: string | undefined): Theme {
  const brand = color && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color.trim()) ? expandHex(color.trim()) : DEFAULT_BRAND;
  const onBrand = contrast(brand, WHITE) >= contrast(brand, INK) ? WHITE : INK;
  const brandInk = contrast(brand, WHITE) >= 4.5 ? brand : INK;
  return { brand, onBrand, brandInk };
}

function expandHex(hex: string): string {
  const digits = hex.slice(1);
  return '#' + (digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits).toLowerCase();
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
