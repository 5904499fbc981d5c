/** The value types param-tool knows; each one has a prompt validator. */
export type ValueType = 'Integer' | 'Port' | 'Boolean' | 'URL' | 'Email' | 'JSON' | 'String';

/** The SSM parameter type a variable is stored as. */
export type SsmType = 'String' | 'SecureString';

export interface InferredType {
  readonly type: ValueType;
  /** SecureString when the name or the value says it is a secret. */
  readonly ssmType: SsmType;
}

/**
 * Name parts that mark a secret. Whole underscore-separated words (`API_KEY`, `KEY_ID`), so that
 * `KEEP_ALIVE_TIMEOUT` or `MONKEY_COUNT` are not secrets; PASSWORD/SECRET/TOKEN match anywhere
 * (`DBPASSWORD`, `CLIENTSECRET`).
 */
const SECRET_WORDS = ['KEY', 'KEYS', 'PRIVATE', 'CREDENTIAL', 'CREDENTIALS', 'PASS', 'PWD', 'SALT', 'DSN'];
const SECRET_SUBSTRINGS = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'APIKEY', 'PRIVATE_KEY'];

const BOOLEAN_VALUES = ['true', 'false', 'yes', 'no', 'on', 'off'];

/** True when the variable name says it holds a secret. */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (SECRET_SUBSTRINGS.some((s) => upper.includes(s))) return true;
  const words = upper.split(/[_.-]+/);
  return words.some((w) => SECRET_WORDS.includes(w));
}

/** True when the value itself is a secret: a URL carrying a password, or a PEM private key. */
export function isSecretValue(value: string): boolean {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return true;
  const url = parseUrl(value);
  return url !== undefined && url.password !== '';
}

/**
 * Infers a variable's type from its name and example value, in this order (the README table):
 * Port (name is PORT or ends in _PORT, value empty or an integer), Boolean, Integer, URL, Email,
 * JSON (an object or array), String. The SSM type is SecureString when {@link isSecretName} or
 * {@link isSecretValue} holds, String otherwise.
 */
export function inferType(name: string, value: string): InferredType {
  const ssmType: SsmType = isSecretName(name) || isSecretValue(value) ? 'SecureString' : 'String';
  return { type: inferValueType(name, value), ssmType };
}

function inferValueType(name: string, value: string): ValueType {
  const v = value.trim();
  if (/(^|_)PORT$/i.test(name) && (v === '' || /^\d+$/.test(v))) return 'Port';
  if (v === '') return 'String';
  if (BOOLEAN_VALUES.includes(v.toLowerCase())) return 'Boolean';
  if (/^-?\d+$/.test(v)) return 'Integer';
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) && parseUrl(v)) return 'URL';
  if (EMAIL.test(v)) return 'Email';
  if ((v.startsWith('{') || v.startsWith('[')) && parseJson(v)) return 'JSON';
  return 'String';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a value against its type; returns the problem, or undefined when the value fits. */
export function checkValue(type: ValueType, value: string): string | undefined {
  const v = value.trim();
  switch (type) {
    case 'Integer':
      return /^-?\d+$/.test(v) ? undefined : 'must be an integer';
    case 'Port':
      return /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535
        ? undefined
        : 'must be a port from 1 to 65535';
    case 'Boolean':
      return BOOLEAN_VALUES.includes(v.toLowerCase())
        ? undefined
        : `must be one of ${BOOLEAN_VALUES.join(', ')}`;
    case 'URL':
      return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) && parseUrl(v)
        ? undefined
        : 'must be a URL such as https://host/path';
    case 'Email':
      return EMAIL.test(v) ? undefined : 'must be an email address';
    case 'JSON':
      return parseJson(v) ? undefined : 'must be valid JSON';
    case 'String':
      return undefined;
  }
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function parseJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}
