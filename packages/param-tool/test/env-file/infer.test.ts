import { checkValue, inferType } from '../../src/env-file/infer';

describe('inferType (the README table)', () => {
  test.each([
    ['PORT', '3000', 'Port', 'String'],
    ['DB_PORT', '', 'Port', 'String'],
    ['FEATURE_INVOICES', 'true', 'Boolean', 'String'],
    ['ENABLE_X', 'off', 'Boolean', 'String'],
    ['MAX_UPLOAD_MB', '25', 'Integer', 'String'],
    ['OFFSET', '-3', 'Integer', 'String'],
    ['API_BASE_URL', 'https://api.example.com', 'URL', 'String'],
    ['SUPPORT_EMAIL', 'support@comptastar.example', 'Email', 'String'],
    ['CORS_ORIGINS', '["https://app.example.com"]', 'JSON', 'String'],
    ['NODE_ENV', 'production', 'String', 'String'],
    ['BROKEN_JSON', '{not json', 'String', 'String'],
    // Secrets by name
    ['JWT_SECRET', 'change-me', 'String', 'SecureString'],
    ['DB_PASSWORD', 'x', 'String', 'SecureString'],
    ['GITHUB_TOKEN', '', 'String', 'SecureString'],
    ['STRIPE_API_KEY', 'sk_test', 'String', 'SecureString'],
    ['AWS_ACCESS_KEY_ID', 'AKIA', 'String', 'SecureString'],
    ['PRIVATE_KEY_PEM', 'x', 'String', 'SecureString'],
    ['GCP_CREDENTIALS', '{}', 'JSON', 'SecureString'],
    // Secrets by value: a URL carrying a password, a PEM key
    ['DATABASE_URL', 'postgres://app:secret@localhost:5432/db', 'URL', 'SecureString'],
    ['SIGNING', '-----BEGIN RSA PRIVATE KEY-----\nabc', 'String', 'SecureString'],
    // Not secrets although the name holds a secret word's letters
    ['KEEP_ALIVE_TIMEOUT_MS', '65000', 'Integer', 'String'],
    ['MONKEY_COUNT', '3', 'Integer', 'String'],
    ['DATABASE_HOST_URL', 'postgres://app@localhost/db', 'URL', 'String'],
  ])('%s=%s → %s, %s', (name, value, type, ssmType) => {
    expect(inferType(name, value)).toEqual({ type, ssmType });
  });
});

describe('checkValue', () => {
  test.each([
    ['Port', '0', 'must be a port from 1 to 65535'],
    ['Port', '65536', 'must be a port from 1 to 65535'],
    ['Port', '80', undefined],
    ['Integer', '1.5', 'must be an integer'],
    ['Boolean', 'maybe', 'must be one of true, false, yes, no, on, off'],
    ['URL', 'example.com', 'must be a URL such as https://host/path'],
    ['URL', 'https://example.com/x', undefined],
    ['Email', 'a@b', 'must be an email address'],
    ['JSON', '{"a":1', 'must be valid JSON'],
    ['String', 'anything', undefined],
  ] as const)('%s %s', (type, value, problem) => {
    expect(checkValue(type, value)).toBe(problem);
  });
});
