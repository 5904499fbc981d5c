/**
 * Configuration comes only from environment variables (see ../.env.example).
 * On the instances the deploy hooks write them to the app's .env from SSM.
 */
export interface AppConfig {
  host: string;
  port: number;
  /** HTTP keep-alive timeout; must exceed the ALB idle timeout (60 s). */
  keepAliveTimeoutMs: number;
  /** Always keepAliveTimeoutMs + 1 s, as Node requires headersTimeout > keepAliveTimeout. */
  headersTimeoutMs: number;
  /** On shutdown, connections still open this long after draining began are cut. */
  shutdownTimeoutMs: number;
  corsOrigins: string[];
  maxUploadMb: number;
  featureInvoices: boolean;
  healthHeapLimitMb: number;
  enableSlowEndpoint: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.trim().toLowerCase());
}

function jsonStringArray(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be a JSON array of strings, got "${raw}"`);
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
    throw new Error(`${name} must be a JSON array of strings, got "${raw}"`);
  }
  return parsed;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const keepAliveTimeoutMs = int(env, 'KEEP_ALIVE_TIMEOUT_MS', 65_000, 1);
  return {
    host: env.HOST?.trim() || '0.0.0.0',
    port: int(env, 'PORT', 3001),
    keepAliveTimeoutMs,
    headersTimeoutMs: keepAliveTimeoutMs + 1_000,
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 30_000, 1),
    corsOrigins: jsonStringArray(env, 'CORS_ORIGINS'),
    maxUploadMb: int(env, 'MAX_UPLOAD_MB', 25, 1),
    featureInvoices: bool(env, 'FEATURE_INVOICES', true),
    healthHeapLimitMb: int(env, 'HEALTH_HEAP_LIMIT_MB', 512, 1),
    enableSlowEndpoint: bool(env, 'ENABLE_SLOW_ENDPOINT', false),
  };
}
