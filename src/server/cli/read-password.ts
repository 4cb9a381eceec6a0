/** Passwords never come from the command line, where they would stay in the shell history and `ps`. */

export async function readPasswordFromStdin(stdin: AsyncIterable<Buffer | string> = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  // `echo secret | …` adds one newline; the password itself is everything before it.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string, stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (error: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stdout.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: string) => {
      for (const char of data) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003') return finish(new Error('已取消 / cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** Asks twice so a typo does not lock the user out. */
export async function promptNewPassword(
  stdin: NodeJS.ReadStream = process.stdin,
  stdout: NodeJS.WriteStream = process.stdout,
): Promise<string> {
  if (!stdin.isTTY) {
    throw new Error('没有可用的终端，请用 --password-stdin 从标准输入传入密码 / no terminal: use --password-stdin');
  }
  const first = await promptHidden('请输入密码 / password: ', stdin, stdout);
  const second = await promptHidden('请再次输入 / repeat: ', stdin, stdout);
  if (first !== second) throw new Error('两次输入的密码不一致 / the passwords do not match');
  return first;
}
