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
  list              列出组织和账号 / list organisations and users
  pair              --worker <用户名> --member <人员编号> [--backup]
                    结对（默认为主要服务专员，--backup 为备用）/ pair a worker with a member (primary unless --backup)
  unpair            --worker <用户名> --member <人员编号>
                    结束结对；该人员无其他结对时删除其健康记录 / end a pairing; the member's health notes are
                    deleted when no worker is left paired
  record-death      --member <人员编号> --date <YYYY-MM-DD>
                    登记去世：党费自次月起不再计收，删除健康记录 / record a death: dues close from the
                    following month, health notes are deleted

密码不在命令行中给出：在终端中会提示输入（不回显），或用 --password-stdin 从标准输入读取。
Passwords are never command-line arguments: you are prompted (not echoed), or use --password-stdin.
  例 / e.g.  printf '%s' "$PASSWORD" | npm run cli -- set-password --username worker1 --password-stdin

退出码 / exit codes: 0 成功 ok · 1 操作失败 failed · 2 用法错误 usage error
`;
