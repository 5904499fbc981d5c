// PM2 ecosystem file of a revision (written by deploy-hooks bundle; see its README).
// start_server.sh runs `pm2 startOrReload` on it with APP_NAME, PORT and LOG_DIR from the
// instance identity; every other setting comes from the .env written at AfterInstall.
const fs = require('node:fs');
const path = require('node:path');
const { parseEnv } = require('node:util');

const revision = JSON.parse(fs.readFileSync(path.join(__dirname, 'revision.json'), 'utf8'));
const envFile = path.join(__dirname, '.env');
const fileEnv = fs.existsSync(envFile) ? parseEnv(fs.readFileSync(envFile, 'utf8')) : {};
const { APP_NAME: name, PORT: port, LOG_DIR: logDir } = process.env;
if (!name || !port || !logDir) {
  throw new Error('ecosystem.config.cjs needs APP_NAME, PORT and LOG_DIR: start it with hooks/start_server.sh');
}

module.exports = {
  apps: [
    {
      name,
      cwd: path.join(__dirname, revision.start.cwd),
      script: revision.start.script,
      exec_mode: 'fork',
      instances: 1,
      env: {
        ...fileEnv,
        NODE_ENV: fileEnv.NODE_ENV || 'production',
        // The instance's port (the load balancer's target port), whatever the .env says.
        PORT: port,
        // The agent's `source /etc/profile` may export HOSTNAME=ip-...; Next.js binds to it.
        HOSTNAME: '0.0.0.0',
        // Plain log lines (Nest colours its logger otherwise): CloudWatch and a failed hook's
        // report (the agent keeps ~2 KB of it) show text, not escape codes.
        NO_COLOR: fileEnv.NO_COLOR || '1',
        // Next.js then leaves SIGINT to the app's graceful shutdown (drain, close keep-alive, exit 0).
        ...(revision.kind === 'next' ? { NEXT_MANUAL_SIG_HANDLE: 'true' } : {}),
      },
      out_file: `${logDir}/out.log`,
      error_file: `${logDir}/error.log`,
      merge_logs: true,
      time: true,
      // SIGINT, then SIGKILL after kill_timeout: above the apps' 30 s drain (SHUTDOWN_TIMEOUT_MS).
      kill_timeout: 35000,
      autorestart: true,
      min_uptime: 5000,
      max_restarts: 10,
      restart_delay: 1000,
    },
  ],
};
