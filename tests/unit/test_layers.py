"""The core knows no Qt: domain, store, services, capture, reports and charts import no
PySide6. Capture sits beside services: it reads the register through them, and nothing
below it imports it."""

import ast
from pathlib import Path

import coalition_desk

PACKAGE = Path(coalition_desk.__file__).parent
CORE_LAYERS = ("domain", "store", "services", "capture", "reports", "charts")
UPWARD = {
    "domain": (
        "coalition_desk.store",
        "coalition_desk.services",
        "coalition_desk.ui",
        "coalition_desk.reports",
        "coalition_desk.charts",
        "coalition_desk.capture",
    ),
    "store": (
        "coalition_desk.services",
        "coalition_desk.ui",
        "coalition_desk.reports",
        "coalition_desk.charts",
        "coalition_desk.capture",
    ),
    "services": (
        "coalition_desk.ui", "coalition_desk.reports", "coalition_desk.charts",
        "coalition_desk.capture",
    ),
    "capture": ("coalition_desk.ui", "coalition_desk.reports", "coalition_desk.charts",
                "coalition_desk.cli"),
    "reports": ("coalition_desk.ui",),
    "charts": (
        "coalition_desk.ui", "coalition_desk.store", "coalition_desk.services",
        "coalition_desk.capture",
    ),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_below_ui_imports_qt() -> None:
    offenders = []
    for layer in CORE_LAYERS:
        for path in (PACKAGE / layer).rglob("*.py"):
            qt = {m for m in imported_modules(path) if m.split(".")[0] in ("PySide6", "shiboken6")}
            if qt:
                offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(qt)}")
    assert offenders == []


def test_imports_point_one_way() -> None:
    offenders = []
    for layer, forbidden in UPWARD.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for module in imported_modules(path):
                if module.startswith(forbidden):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offenders == []


def test_the_layer_check_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in imported_modules(sample)
