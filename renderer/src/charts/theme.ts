/** A chart colour from the page's CSS custom properties (light/dark themes), with a fallback. */
export function themeColor(el: HTMLElement, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/** The accent colour charts draw their main series in. */
export const accent = (el: HTMLElement, name = '--accent', fallback = '#2563eb'): string => themeColor(el, name, fallback);
