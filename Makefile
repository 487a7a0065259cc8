# duban: `make demo` runs the example office; `make test` runs lint, types and tests (under three
# minutes); `make stress` runs the slow checks at full strength; `make install PREFIX=/opt/duban`
# installs the command for real use. Each installs what it needs by itself.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DUBAN  := $(BIN)/duban
AS_OF  := 2026-11-23
SCRATCH := out/demo-office

.PHONY: demo test lint stress print-check install install-check clean

PREFIX ?= /opt/duban
BINDIR ?=

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== 示例督办仓库（本目录），以 $(AS_OF) 为今天 =="
	$(DUBAN) --repo . --as-of $(AS_OF) check
	$(DUBAN) --repo . --as-of $(AS_OF) list
	$(DUBAN) --repo . --as-of $(AS_OF) list --status 在办 --unit 城管局
	$(DUBAN) --repo . --as-of $(AS_OF) show 2026-0004
	@echo "== 每天早上的逾期检查 =="
	$(DUBAN) --repo . --as-of $(AS_OF) overdue
	$(DUBAN) --repo . --as-of $(AS_OF) overdue --by-unit
	@echo "== 考核、台账、看板（out/）=="
	$(DUBAN) --repo . --as-of $(AS_OF) stats --from 2026-01-01 --to 2026-12-31
	$(DUBAN) --repo . --as-of $(AS_OF) export out/台账.xlsx
	$(DUBAN) --repo . --as-of $(AS_OF) dashboard -o out/index.html
	@echo "== 工作日计算 =="
	$(DUBAN) workdays 2026-09-28 5
	$(DUBAN) workdays 2026-12-28 5
	@echo "== 新建一个督办仓库并立项（$(SCRATCH)）=="
	rm -rf $(SCRATCH)
	$(DUBAN) --by 李明 init $(SCRATCH) --force --office 示范区人民政府办公室 --units tests/units-example.yaml
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-09-28 new --title 加快推进城东片区老旧小区改造 \
		--source-kind 会议议定 --source-ref 区政府第12次常务会议纪要 --leader 王建国 \
		--lead-unit 住建局 --co-unit 财政局 --co-unit 区资规局 --days 5
	@echo "== 交办、签收、反馈、退回、延期、办结、归档 =="
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-09-28 assign 2026-0001
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-09-29 ack 2026-0001 --unit 住建局
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-09-30 report 2026-0001 --unit 住建局 --signer 赵永刚 \
		--text 二期改造方案已编制完成 --final
	$(DUBAN) --repo $(SCRATCH) --by 王芳 --as-of 2026-10-08 return 2026-0001 --reason 资金测算不完整
	$(DUBAN) --repo $(SCRATCH) --by 王芳 --as-of 2026-10-09 extend 2026-0001 --to 2026-10-16 \
		--reason 需补充资金测算 --approved-by 王建国
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-10-15 report 2026-0001 --unit 住建局 --signer 赵永刚 \
		--text 已补充资金测算 --final
	$(DUBAN) --repo $(SCRATCH) --by 王芳 --as-of 2026-10-16 close 2026-0001 --approved-by 王建国
	$(DUBAN) --repo $(SCRATCH) --by 王芳 --as-of 2026-10-20 archive 2026-0001
	$(DUBAN) --repo $(SCRATCH) --as-of 2026-10-20 show 2026-0001
	$(DUBAN) --repo $(SCRATCH) log 2026-0001
	@echo "== 从会议纪要和任务表批量立项 =="
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-09-15 import minutes tests/minutes-example.txt \
		--meeting 区政府第15次常务会议 --date 2026-09-14 --leader 王建国
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-09-15 import table tests/task-table-example.csv
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-11-18 import minutes tests/minutes-office.docx --dry-run
	$(DUBAN) --repo $(SCRATCH) --as-of 2026-10-12 overdue
	@echo "== 文书：政务督办通知、催办通知、督查通报（out/demo-office/out/）=="
	$(DUBAN) --repo $(SCRATCH) --as-of 2026-10-12 render notice 2026-0002 --format docx
	$(DUBAN) --repo $(SCRATCH) --as-of 2026-10-12 render report-form 2026-0002 --format docx
	$(DUBAN) --repo $(SCRATCH) --by 李明 --as-of 2026-10-12 remind 2026-0003
	$(DUBAN) --repo $(SCRATCH) --as-of 2026-10-12 render reminder 2026-0003 --format html
	$(DUBAN) --repo $(SCRATCH) --as-of 2026-11-02 bulletin --from 2026-10-01 --to 2026-10-31 --issue 10 --format docx
	$(DUBAN) --repo $(SCRATCH) --as-of 2026-11-02 bulletin --from 2026-10-01 --to 2026-10-31 --issue 10 -o -
	git -C $(SCRATCH) log --format='%h %an %s'

lint: $(STAMP)
	$(BIN)/ruff check duban tests bench
	$(BIN)/ruff format --check duban tests bench
	$(BIN)/mypy

# The print check (tests/print) is left to `make print-check`: it needs LibreOffice and Chromium,
# and converting and measuring its pages would push this past three minutes.
test: lint
	$(BIN)/pytest -m "not stress and not print_check" -rs -n 2
	@echo "打印检查（文书转成 PDF 后逐项测量）不在这里运行：make print-check"

# Documents converted to PDF (LibreOffice, Chromium) and measured against GB/T 9704; the pictures
# in docs/ are made from its pages. .ci/run installs the Debian packages it needs first.
print-check: $(STAMP)
	DUBAN_PRINT_REQUIRED=1 DUBAN_PRINT_KEEP=build/print $(BIN)/pytest -m print_check tests/print
	@echo "== 同样的文书，在既没有公文字体也没有 Fandol 字体的机器上（只剩 Noto CJK、文鼎 AR PL）=="
	DUBAN_PRINT_REQUIRED=1 DUBAN_PRINT_SETUP=no-fandol FONTCONFIG_FILE=$(CURDIR)/tests/print/no-fandol.conf \
		$(BIN)/pytest -m print_check tests/print/test_print.py tests/print/test_print_upward.py tests/print/test_print_html.py
	pdftoppm -r 60 -png -singlefile -f 1 -l 1 build/print/notice-docx.pdf docs/print-notice
	pdftoppm -r 60 -png -singlefile -f 3 -l 3 build/print/bulletin-docx.pdf docs/print-bulletin
	pdftoppm -r 60 -png -singlefile -f 1 -l 1 build/print/form-docx.pdf docs/print-report-form

# Crash injection, races and fuzzing at full strength; CI runs it after `make test`.
stress: $(STAMP)
	DUBAN_STRESS=1 $(BIN)/pytest tests/stress tests/test_sync.py::test_cron_and_a_clerk_at_once_lose_nothing 		tests/test_sync_more.py::test_a_renumbering_sync_killed_at_any_git_call_loses_nothing

# A venv of its own under PREFIX with duban installed from this checkout (not editable), and the
# command linked as PREFIX/bin/duban (and BINDIR/duban when BINDIR is given, e.g. /usr/local/bin).
# Built out of tree: the sources are copied to a scratch folder first, so that the checkout is left
# without build/ or duban.egg-info (owned by root under sudo).
install:
	$(PYTHON) -m venv $(PREFIX)/venv
	$(PREFIX)/venv/bin/python -m pip install --quiet --upgrade pip
	scratch=$$(mktemp -d) && cp -R pyproject.toml README.md LICENSE duban "$$scratch"/ && \
		find "$$scratch" -name __pycache__ -prune -exec rm -rf {} + && \
		$(PREFIX)/venv/bin/python -m pip install --quiet "$$scratch"; status=$$?; rm -rf "$$scratch"; exit $$status
	mkdir -p $(PREFIX)/bin
	ln -sf $(PREFIX)/venv/bin/duban $(PREFIX)/bin/duban
	if [ -n "$(BINDIR)" ]; then mkdir -p $(BINDIR) && ln -sf $(PREFIX)/venv/bin/duban $(BINDIR)/duban; fi
	@echo "已安装：$(PREFIX)/bin/duban"

# The documented installation, checked as a server would run it: a new shell with a bare environment.
install-check: $(STAMP)
	rm -rf build/install-check
	$(MAKE) --no-print-directory install PREFIX=$(CURDIR)/build/install-check BINDIR=$(CURDIR)/build/install-check/usr-local-bin
	env -i PATH=/usr/bin:/bin sh -c 'cd /tmp && $(CURDIR)/build/install-check/usr-local-bin/duban --version'
	env -i PATH=/usr/bin:/bin HOME=$(CURDIR)/build/install-check sh tests/install_check.sh $(CURDIR)/build/install-check/bin/duban
	$(BIN)/python tests/quickstart_check.py

clean:
	rm -rf $(VENV) out .duban build
