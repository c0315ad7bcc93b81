"""The code keeps its shape: layers import one way, no file imports itself round a cycle,
no Qt below ui/, no folder over 20 modules and no file over 400 lines.

The layers run domain < store < services, charts < reports < ui < cli; a module may
import its own layer and those below. Every import counts, also one inside a function
or under TYPE_CHECKING: a cycle hidden in a function still ties the files together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import coalition_desk

PACKAGE = Path(coalition_desk.__file__).parent
CORE_LAYERS = ("domain", "store", "services", "capture", "reports", "charts")
LAYER_OF_FOLDER = {
    "domain": 0,
    "store": 1,
    "services": 2,
    "charts": 2,
    # Subsystems beside services (docs/architecture.md): no Qt, read and write through
    # store and services like any other service.
    "merge": 2,
    "capture": 2,
    "reports": 3,
    "ui": 4,
    "cli": 5,
}
# The package's own top-level modules: __init__ (name, version), resources and
# logging_setup serve every layer and import none; __main__ is the command line's.
LAYER_OF_TOP_MODULE = {"__main__": 5}
BASE_LAYER = 0
# Charts draw plain data handed to them: they read nothing from the register.
CHARTS_NEVER_IMPORT = ("store", "services")
MAX_MODULES_PER_FOLDER = 20
MAX_LINES_PER_FILE = 400


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def is_migration(path: Path, package: Path) -> bool:
    # Alembic loads the migration scripts by path; they are history, written once.
    return "migrations" in path.relative_to(package).parts


def module_name(path: Path, package: Path) -> str:
    parts = (package.name, *path.relative_to(package).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (``from a import b`` counts a and a.b)."""
    paths = {
        module_name(path, package): path
        for path in package.rglob("*.py")
        if not is_migration(path, package)
    }
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other round a cycle (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def layer_of(module: str) -> int:
    parts = module.split(".")[1:]
    if not parts:
        return BASE_LAYER
    if parts[0] in LAYER_OF_FOLDER:
        return LAYER_OF_FOLDER[parts[0]]
    return LAYER_OF_TOP_MODULE.get(parts[0], BASE_LAYER)


def folder_of(module: str) -> str:
    return [*module.split("."), ""][1]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{module} imports {target}"
        for module, targets in sorted(graph.items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
        or (folder_of(module) == "charts" and folder_of(target) in CHARTS_NEVER_IMPORT)
    ]


def crowded_folders(package: Path, limit: int = MAX_MODULES_PER_FOLDER) -> list[str]:
    folders = [package, *(p for p in package.rglob("*") if p.is_dir())]
    counts = {folder: len(list(folder.glob("*.py"))) for folder in folders}
    return [
        f"{folder.relative_to(package.parent)}: {count} modules"
        for folder, count in sorted(counts.items())
        if count > limit
    ]


def long_files(package: Path, limit: int = MAX_LINES_PER_FILE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit and not is_migration(path, package):
            found.append(f"{path.relative_to(package.parent)}: {lines} lines")
    return found


# --- the package as it is -----------------------------------------------------------


def test_no_module_below_ui_imports_qt() -> None:
    offenders = []
    for layer in CORE_LAYERS:
        for path in (PACKAGE / layer).rglob("*.py"):
            qt = {m for m in imported_modules(path) if m.split(".")[0] in ("PySide6", "shiboken6")}
            if qt:
                offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(qt)}")
    assert offenders == []


def test_imports_point_one_way() -> None:
    assert upward_imports(import_graph(PACKAGE)) == []


def test_capture_sits_beside_services_and_nothing_below_it_imports_it() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for folder in ("domain", "store", "services", "charts")
        for path in (PACKAGE / folder).rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("coalition_desk.capture")
    ]
    assert offenders == []


def test_every_folder_of_the_package_has_a_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders - set(LAYER_OF_FOLDER) == set()


def test_no_import_cycle_between_files() -> None:
    assert import_cycles(import_graph(PACKAGE)) == []


def test_no_folder_holds_more_than_20_modules() -> None:
    assert crowded_folders(PACKAGE) == []


def test_no_file_is_longer_than_400_lines() -> None:
    assert long_files(PACKAGE) == []


# --- the checks themselves find what they look for ------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    package = root / "coalition_desk"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [package, *(p for p in package.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return package


def test_the_layer_check_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in imported_modules(sample)


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "ui/window.py": "from coalition_desk.ui.actions import menu\n",
            "ui/actions/menu.py": (
                "def build():\n    from coalition_desk.ui import window\n    return window\n"
            ),
            "ui/hub.py": "from coalition_desk.ui.actions import menu\n",
        },
    )
    assert import_cycles(import_graph(package)) == [
        ["coalition_desk.ui.actions.menu", "coalition_desk.ui.window"]
    ]


def test_a_cycle_through_a_relative_import_and_type_checking_is_found(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "services/a.py": "from .b import thing\n",
            "services/b.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from coalition_desk.services import a\n"
            ),
        },
    )
    assert import_cycles(import_graph(package)) == [
        ["coalition_desk.services.a", "coalition_desk.services.b"]
    ]


def test_an_import_up_the_layers_is_found(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "cli/main.py": "from coalition_desk.reports import commands\n",
            "reports/commands.py": "def run():\n    from coalition_desk.cli.main import X\n",
            "charts/plot.py": "from coalition_desk.services import reads\n",
            "services/reads.py": "from coalition_desk.domain import records\n",
            "domain/records.py": "",
            "__main__.py": "from coalition_desk.cli import main\n",
        },
    )
    # ``from a import b`` imports the package a as well as its module b.
    assert upward_imports(import_graph(package)) == [
        "coalition_desk.charts.plot imports coalition_desk.services",
        "coalition_desk.charts.plot imports coalition_desk.services.reads",
        "coalition_desk.reports.commands imports coalition_desk.cli.main",
    ]


def test_a_crowded_folder_and_a_long_file_are_found(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            **{f"ui/pane_{n}.py": "" for n in range(20)},
            "services/long.py": "x = 1\n" * 401,
            "services/just_right.py": "x = 1\n" * 400,
            "store/migrations/versions/0001_long.py": "x = 1\n" * 500,
        },
    )
    assert crowded_folders(package) == ["coalition_desk/ui: 21 modules"]
    assert long_files(package) == ["coalition_desk/services/long.py: 401 lines"]
