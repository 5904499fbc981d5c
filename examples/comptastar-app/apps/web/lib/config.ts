/**
 * Server-side configuration, read from environment variables at request time
 * (never inlined at build time, so one build runs in every environment).
 */
export interface WebConfig {
  apiBaseUrl: string;
  supportEmail: string;
  featureInvoices: boolean;
  maxUploadMb: number;
  allowedLocales: string[];
}

function jsonStringArray(raw: string | undefined, fallback: string[]): string[] {
  if (!raw) return fallback;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((v) => typeof v === 'string') ? parsed : fallback;
  } catch {
    return fallback;
  }
}

export function getConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const maxUploadMb = Number(env.MAX_UPLOAD_MB);
  return {
    apiBaseUrl: env.API_BASE_URL || 'http://127.0.0.1:3001',
    supportEmail: env.SUPPORT_EMAIL || 'support@comptastar.example',
    featureInvoices: ['1', 'true', 'yes', 'on'].includes((env.FEATURE_INVOICES ?? 'true').toLowerCase()),
    maxUploadMb: Number.isInteger(maxUploadMb) && maxUploadMb > 0 ? maxUploadMb : 25,
    allowedLocales: jsonStringArray(env.ALLOWED_LOCALES, ['fr-FR']),
  };
}
