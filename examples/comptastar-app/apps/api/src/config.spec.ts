import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has production defaults', () => {
    expect(loadConfig({})).toMatchObject({
      host: '0.0.0.0',
      port: 3001,
      keepAliveTimeoutMs: 65_000,
      headersTimeoutMs: 66_000,
      corsOrigins: [],
      enableSlowEndpoint: false,
    });
  });

  it('reads typed values from the environment', () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '4000',
      KEEP_ALIVE_TIMEOUT_MS: '70000',
      CORS_ORIGINS: '["https://app.example.com"]',
      MAX_UPLOAD_MB: '10',
      FEATURE_INVOICES: 'false',
      ENABLE_SLOW_ENDPOINT: 'true',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      keepAliveTimeoutMs: 70_000,
      headersTimeoutMs: 71_000,
      corsOrigins: ['https://app.example.com'],
      maxUploadMb: 10,
      featureInvoices: false,
      enableSlowEndpoint: true,
    });
  });

  it('rejects malformed values', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://x' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT_MS: '0' })).toThrow(/KEEP_ALIVE_TIMEOUT_MS/);
  });
});
