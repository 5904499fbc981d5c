import { readFileSync } from 'fs';
import { join } from 'path';
import { NIST_CALLER_REASON_RULES, NIST_HTTP_REDIRECT_REASON, NIST_REASONS } from '../../src/common/nist';

// The README's table of acknowledged NIST rules is what a security reviewer reads: it must say
// what the code acknowledges, with the same reasons.
const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## cdk-nag NIST 800-53 R5'));
const rows = section.split('\n').filter((line) => /^\| `NIST\./.test(line));
const rowsOf = (rule: string) => rows.filter((line) => line.startsWith(`| \`${rule}\` |`));

describe('the README table of acknowledged NIST 800-53 R5 rules', () => {
  test.each(Object.entries(NIST_REASONS))('%s: a row with the reason written in code', (rule, reason) => {
    expect(rowsOf(rule).some((line) => line.endsWith(`| ${reason} |`))).toBe(true);
  });

  test('the redirecting port 80 listener of a load balancer with a certificate has its row', () => {
    expect(
      rowsOf('NIST.800.53.R5-ELBv2ACMCertificateRequired').some((l) =>
        l.endsWith(`| ${NIST_HTTP_REDIRECT_REASON} |`),
      ),
    ).toBe(true);
  });

  test.each(Object.keys(NIST_CALLER_REASON_RULES))('%s (the caller gives the reason): a row', (rule) => {
    expect(rowsOf(rule).length).toBeGreaterThan(0);
  });

  test('no row for a rule the code does not acknowledge', () => {
    const known = new Set([...Object.keys(NIST_REASONS), ...Object.keys(NIST_CALLER_REASON_RULES)]);
    const listed = rows.map((line) => /^\| `([^`]+)`/.exec(line)![1]);
    expect(listed.filter((rule) => !known.has(rule))).toEqual([]);
  });
});
