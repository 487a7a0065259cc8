#!/bin/sh
# The installed command, as a server's cron would run it: no venv on PATH, no HOME settings.
# Usage: install_check.sh PATH/TO/duban
set -eu
duban="$1"
office="$(mktemp -d)/督办"
"$duban" --by 李明 init "$office" --office 测试办公室 >/dev/null
"$duban" --repo "$office" --by 李明 --as-of 2026-09-28 new --title 安装检查 --source-kind 领导交办 >/dev/null 2>&1
"$duban" --repo "$office" --as-of 2026-09-28 list | grep -q 安装检查
"$duban" --repo "$office" --as-of 2026-09-28 overdue --quiet
"$duban" --repo "$office" check >/dev/null
echo "安装检查通过：$duban"
