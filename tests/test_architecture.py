"""The layers of ARCHITECTURE.md, checked on the code: no import goes up a layer, only the audit
trail runs git, every module says what it is for, and ARCHITECTURE.md names every module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "duban"

# From the bottom up. A module may import its own layer and the layers below it, never above.
LAYERS: list[tuple[str, ...]] = [
    (
        "duban",
        "duban.errors",
        "duban.textfiles",
        "duban.atomic",
        "duban.calendar",
        "duban.holidays",
        "duban.fastyaml",
        "duban.caselines",
        "duban.whereis",
        "duban.indexdb",
        "duban.records",
    ),
    ("duban.model", "duban.schema", "duban.yamlio"),
    (
        "duban.config",
        "duban.assessment",
        "duban.lifecycle",
        "duban.reports",
        "duban.proposals",
        "duban.merge",
        "duban.events",
    ),
    ("duban.store", "duban.caseindex", "duban.audit", "duban.importers", "duban.render"),
    ("duban.usecases",),
    ("duban.cli", "duban.__main__"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(name: str) -> int:
    best: tuple[int, int] | None = None  # (length of the matching prefix, layer)
    for index, members in enumerate(LAYERS):
        for member in members:
            if name == member or name.startswith(member + "."):
                if best is None or len(member) > best[0]:
                    best = (len(member), index)
    assert best is not None, f"{name} is in no layer: add it to LAYERS and ARCHITECTURE.md"
    return best[1]


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def imported(tree: ast.AST, here: str) -> list[str]:
    """Every duban module a module imports, at the top or inside a function."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names if alias.name.startswith("duban")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("duban"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                exists = (ROOT / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                    ROOT / Path(*candidate.split("."))
                ).is_dir()
                names.append(candidate if exists else node.module)
    return names


def test_no_import_goes_up_a_layer() -> None:
    upward = []
    for path in modules():
        here = module_name(path)
        for name in imported(ast.parse(path.read_text(encoding="utf-8")), here):
            if layer_of(name) > layer_of(here):
                upward.append(f"{here} imports {name}")
    assert upward == []


def test_nothing_below_the_commands_imports_them() -> None:
    offenders = []
    for path in modules():
        here = module_name(path)
        if here.startswith("duban.cli") or here == "duban.__main__":
            continue
        if any(name.startswith("duban.cli") for name in imported(ast.parse(path.read_text(encoding="utf-8")), here)):
            offenders.append(here)
    assert offenders == []


def test_only_the_audit_trail_runs_git() -> None:
    offenders = []
    for path in modules():
        here = module_name(path)
        if here.startswith("duban.audit"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            # The other programs duban starts: LibreOffice (render.pdf: PDF out, .doc and .wps minutes in;
            # its and Chromium's versions for duban doctor), fontconfig's fc-list (render.fonts) and the
            # clerk's editor (edit).
            programs = ("duban.render.pdf", "duban.render.fonts", "duban.cli.cmd_edit")
            if here in programs and names == ["subprocess"]:
                continue
            if any(n in ("git", "subprocess") or n.startswith("git.") for n in names):
                offenders.append(here)
    assert offenders == []


def test_the_layer_test_catches_an_upward_import() -> None:
    tree = ast.parse("from duban.cli.root import app\n")
    assert layer_of(imported(tree, "duban.store")[0]) > layer_of("duban.store")


def test_every_module_says_what_it_is_for() -> None:
    silent = [module_name(p) for p in modules() if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert silent == []


def test_architecture_md_names_every_module_and_nothing_else() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", text))
    on_disk = {str(p.relative_to(PACKAGE)) for p in modules() if p.name != "__init__.py" or p.parent.name == "cli"}
    named = {n for n in named if not n.startswith("tests/")}
    commands = {m for m in on_disk if m.startswith("cli/cmd_")}
    # The commands are named together (cli/cmd_*.py), one file per command.
    assert "cli/cmd_*.py" in text
    assert on_disk - commands - named == set(), "modules missing from ARCHITECTURE.md"
    assert named - on_disk == set(), "ARCHITECTURE.md names modules that do not exist"
