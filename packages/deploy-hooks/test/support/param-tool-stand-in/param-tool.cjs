#!/usr/bin/env node
// TEST DOUBLE of packages/param-tool's bundle, used only while dist/bundle does not exist.
// Supports the two calls the rehearsal makes, against moto's SSM (unsigned JSON protocol):
//   param-tool.cjs -cf -e <env> -a <app> --file <.env.example> --endpoint-url <url> --yes
//   param-tool.cjs pull -e <env> -a <app> -o <file> [--endpoint-url <url>]
const fs = require('node:fs');
const path = require('node:path');
const { parseEnv } = require('node:util');

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const endpoint = opt('--endpoint-url') || process.env.AWS_ENDPOINT_URL;
const region = opt('--region') || process.env.AWS_REGION || 'us-east-1';
const env = opt('-e');
const app = opt('-a');

async function call(target, body) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AmazonSSM.${target}`,
      Authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/ssm/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${target}: ${json.message || json.__type || res.status}`);
  return json;
}

async function create() {
  const values = parseEnv(fs.readFileSync(opt('--file'), 'utf8'));
  for (const [key, value] of Object.entries(values)) {
    await call('PutParameter', { Name: `/${env}/${app}/${key}`, Value: value, Type: 'SecureString', Overwrite: true });
  }
}

async function pull() {
  const prefix = `/${env}/${app}/`;
  const lines = [];
  let token;
  do {
    const page = await call('GetParametersByPath', { Path: prefix, WithDecryption: true, NextToken: token });
    for (const p of page.Parameters || []) {
      const v = p.Value;
      const quoted = v.includes("'") ? `"${v.replace(/\n/g, '\\n')}"` : `'${v}'`;
      lines.push(`${p.Name.slice(prefix.length)}=${quoted}`);
    }
    token = page.NextToken;
  } while (token);
  if (lines.length === 0) throw new Error(`no parameters under ${prefix}`);
  const out = opt('-o');
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, lines.sort().join('\n') + '\n', { mode: 0o600 });
  fs.renameSync(tmp, out);
}

(args[0] === 'pull' ? pull() : create()).catch((err) => {
  console.error(`param-tool (test double): ${err.message}`);
  process.exit(1);
});
