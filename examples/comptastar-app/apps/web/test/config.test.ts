import { getConfig } from '../lib/config';

describe('getConfig', () => {
  it('reads typed values from the environment', () => {
    expect(
      getConfig({
        API_BASE_URL: 'https://api.example.com',
        SUPPORT_EMAIL: 'support@comptastar.example',
        FEATURE_INVOICES: 'false',
        MAX_UPLOAD_MB: '10',
        ALLOWED_LOCALES: '["fr-FR","en-GB"]',
      }),
    ).toEqual({
      apiBaseUrl: 'https://api.example.com',
      supportEmail: 'support@comptastar.example',
      featureInvoices: false,
      maxUploadMb: 10,
      allowedLocales: ['fr-FR', 'en-GB'],
    });
  });

  it('falls back to defaults on missing or malformed values', () => {
    expect(getConfig({ MAX_UPLOAD_MB: 'many', ALLOWED_LOCALES: 'fr' })).toMatchObject({
      featureInvoices: true,
      maxUploadMb: 25,
      allowedLocales: ['fr-FR'],
    });
  });
});
