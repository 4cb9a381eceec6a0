export const HELP = `银龄上门 Doorstep 管理命令 / administration CLI

用法 / usage:  npm run cli -- <命令 command> [选项 options]

使用与服务器相同的数据库：设置 DATABASE_URL 时用 PostgreSQL，否则用 DATA_DIR（默认 ./data）中的 SQLite。
Uses the server's database: PostgreSQL when DATABASE_URL is set, otherwise SQLite in DATA_DIR (default ./data).

命令 / commands:
  create-street     --name <名称>
                    新建街道 / create a sub-district (街道)
  create-community  --street <街道编号> --name <名称>
                    新建社区 / create a community under a street
  create-branch     --community <社区编号> --type established|non_established --name <名称>
                    新建党支部（established 建制 / non_established 非建制）/ create a party branch
  create-user       --username <用户名> --name <姓名> --role worker|secretary|admin
                    --community <社区编号> [--branch <支部编号>] [--password-stdin]
                    新建账号；支部书记须指定 --branch / create a user; secretaries need --branch
  set-password      --username <用户名> [--password-stdin]
                    重设密码并退出该用户所有登录 / reset a password and sign the user out everywhere
  disable-user      --username <用户名>
                    停用账号 / disable an account
  enable-user       --username <用户名>
                    启用已停用的账号 / enable a disabled account
  purge-audit       删除超过保存期限（AUDIT_RETENTION_DAYS，默认 1095 天）的审计记录；服务器每天自动执行
                    delete audit entries older than AUDIT_RETENTION_DAYS (default 1095 days); the server does it daily
  list              列出组织和账号 / list organisations and users
  pair              --worker <用户名> --member <人员编号> [--backup]
                    结对（默认为主要服务专员，--backup 为备用；新的主要服务专员替换原来的，主要服务专员
                    不会改为备用）/ pair a worker with a member (primary unless --backup; a new primary replaces
                    the previous one, a primary is never made a backup)
  unpair            --worker <用户名> --member <人员编号>
                    结束结对；该人员无其他结对时删除其健康记录 / end a pairing; the member's health notes are
                    deleted when no worker is left paired
  record-death      --member <人员编号> --date <YYYY-MM-DD>
                    登记去世：党费自次月起不再计收，删除健康记录 / record a death: dues close from the
                    following month, health notes are deleted
  import-roster     --community <社区编号> --file <花名册.xlsx|.csv> [--branch <默认支部编号>] [--dry-run] [--json]
                    [--report <结果.xlsx>]
                    导入花名册：按身份证号（无身份证号时按姓名和出生日期）新增或更新人员，全部成功或全部不写入；
                    从不删除人员，名单中没有的人员列出供核对。--branch 为未填党支部的党员指定支部；--dry-run
                    只检查不写入；--json 在标准输出只打印一个 JSON 对象 { summary, rows }；--report 写出逐行结果。
                    有未导入的行时退出码仍为 0，逐行原因见输出
                    import a roster: members are created or updated by ID number (by name and birth date
                    without one), all or nothing; nobody is deleted, members missing from the file are listed.
                    --branch: branch for party members whose row names none; --dry-run: check only; --json:
                    exactly one JSON object { summary, rows } on stdout; --report: write the per-row result.
                    Rejected rows still exit 0: the output says which and why
  devices           --user <用户名>
                    列出该用户的设备：状态、首次和最近登录、最近联系、待清除及原因 / list a user's devices:
                    standing, first and last sign-in, last contact, wipe pending and why
  mark-device-lost  --device <设备编号>
                    标记设备丢失：下次联网时先上传未同步的记录，然后清除本机数据；不能再在该设备上登录 /
                    mark a device lost: on its next contact it sends what it has unsent, then wipes itself;
                    no one can sign in on it
  import-lifeboat   --file <救生包.json> [--json]
                    导入设备导出的救生包（加密的未同步记录），按同步上传处理，已收到的记录不重复计入；--json
                    在标准输出只打印一个 JSON 对象 { applied, duplicate, rejected, results }
                    import a device's lifeboat file (its unsent records, encrypted) through the sync push: a
                    record already received is a duplicate, never counted twice; --json: exactly one JSON object

密码不在命令行中给出：在终端中会提示输入（不回显），或用 --password-stdin 从标准输入读取。
Passwords are never command-line arguments: you are prompted (not echoed), or use --password-stdin.
  例 / e.g.  printf '%s' "$PASSWORD" | npm run cli -- set-password --username worker1 --password-stdin

每条命令都记入审计日志，操作人为系统用户名，或用 --operator <姓名> 指定。
Every command is recorded in the audit trail, naming the OS user as operator, or --operator <name>.

退出码 / exit codes: 0 成功 ok · 1 操作失败 failed · 2 用法错误 usage error
`;
