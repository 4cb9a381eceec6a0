import { networkInterfaces } from 'node:os';
import { loadConfig } from './config';
import { DEMO_LOGINS } from './demo';
import { startServer } from './start';

/** Entry point for `npm start` / `npm run serve`: prints where to open the app and the demo logins. */

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((nics) => nics ?? [])
    .filter((nic) => nic.family === 'IPv4' && !nic.internal)
    .map((nic) => nic.address);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const demo = process.env.DEMO !== '0';
  const server = await startServer({
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    staticDir: config.staticDir,
    seedDemo: demo,
    logger: true,
    sessionTtlHours: config.sessionTtlHours,
    sessionIdleMinutes: config.sessionIdleMinutes,
    loginRateLimit: config.loginRateLimit,
    loginAccountLimit: config.loginAccountLimit,
    trustProxy: config.trustProxy,
    lateRecordGraceDays: config.lateRecordGraceDays,
    auditRetentionDays: config.auditRetentionDays,
    deviceLeaseDays: config.deviceLeaseDays,
  });

  const lines = [
    '',
    '银龄上门 Doorstep 已启动 / is running',
    `  本机访问 / on this computer:  ${server.url}`,
    ...(config.host === '0.0.0.0' ? lanAddresses().map((ip) => `  局域网访问 / on the LAN:     http://${ip}:${server.port}`) : []),
    `  数据库 / database:            ${server.storage.kind} (${server.storage.location})`,
  ];
  if (demo) {
    lines.push(
      '',
      server.seeded ? '已创建演示社区（和平街道 › 光明社区）/ demo community created' : '演示社区已存在 / demo community present',
      '演示账号 / demo logins (DEMO=0 关闭 / to disable):',
      ...DEMO_LOGINS.map((l) => {
        const password = server.demoPasswords.get(l.username);
        return `  ${l.username.padEnd(11)} ${password === undefined ? '' : `${password.padEnd(15)} `}${l.displayName} · ${l.description}`;
      }),
    );
    if (server.seeded) {
      lines.push('  密码只在创建时显示这一次，请记下 / the passwords are shown this once: note them');
    } else {
      lines.push(
        '  密码已在首次启动时显示；忘记时可重设 / passwords were shown at first start; to set one again:',
        '  npm run cli -- set-password --username worker1',
      );
    }
  }
  lines.push('', '按 Ctrl+C 停止 / press Ctrl+C to stop', '');
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl+C means now.
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`\n收到 ${signal}，正在停止… / stopping…\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`停止时出错 / error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`启动失败 / failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && error.cause) process.stderr.write(`  ${String(error.cause)}\n`);
  process.exit(1);
});
