"""The installer: build the onedir bundle from build.spec and prove it works offline.

Slow (about a minute to build on 2 cores), but part of the normal run: this is the only
test that sees what an officer installs. The bundle is built once per session into a
temporary folder; its size is printed (`pytest -s`) and recorded as a junit property.
"""

from __future__ import annotations

import _socket
import os
import shutil
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SIZE_LIMIT_BYTES = 250 * 1000 * 1000
BUILD_TIMEOUT_S = 15 * 60
# Nothing listens here: a proxy setting that leads nowhere, for when no network
# namespace is available.
DEAD_PROXY = "http://127.0.0.1:9"


def _executable(bundle: Path) -> Path:
    return bundle / ("coalition-desk.exe" if sys.platform == "win32" else "coalition-desk")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle")
    # Built offline too, and from this checkout alone: the suite's PYTHONPATH (its
    # network guard's sitecustomize) must not find its way into what officers install.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    built = subprocess.run(
        [
            *_network_namespace_prefix(),
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(folder / "dist"),
            "--workpath",
            str(folder / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    assert built.returncode == 0, f"PyInstaller failed:\n{built.stdout}\n{built.stderr[-6000:]}"
    bundle = folder / "dist" / "coalition-desk"
    assert _executable(bundle).is_file(), f"no executable in {bundle}"
    shutil.rmtree(folder / "work", ignore_errors=True)
    return bundle


def _fresh_machine_env(home: Path) -> dict[str, str]:
    """A user with no display, no settings, no Python of ours, and proxies leading nowhere."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("PYTHON", "QT_", "DISPLAY", "WAYLAND", "XDG_", "MPL", "COALITION_DESK")
        )
    }
    for folder in ("config", "data", "cache"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        http_proxy=DEAD_PROXY,
        https_proxy=DEAD_PROXY,
        all_proxy=DEAD_PROXY,
        HTTP_PROXY=DEAD_PROXY,
        HTTPS_PROXY=DEAD_PROXY,
        ALL_PROXY=DEAD_PROXY,
        no_proxy="",
        NO_PROXY="",
    )
    return env


def _network_namespace_prefix() -> list[str]:
    """`unshare --net` where it works (root on Linux): the bundle then has no network at all."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    probe = subprocess.run([unshare, "--net", "true"], check=False, capture_output=True, timeout=30)
    return [unshare, "--net"] if probe.returncode == 0 else []


def _nothing_listens_on_dead_proxy() -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        # The suite's guard patches socket.socket; the C method underneath is the real one.
        return _socket.socket.connect_ex(probe, ("127.0.0.1", 9)) != 0


def _directory_size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def test_bundled_selftest_passes_with_no_network(bundle: Path, tmp_path: Path) -> None:
    prefix = _network_namespace_prefix()
    if not prefix:
        assert _nothing_listens_on_dead_proxy(), f"something listens on {DEAD_PROXY}"
    result = subprocess.run(
        [*prefix, str(_executable(bundle)), "--selftest"],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env=_fresh_machine_env(tmp_path / "home"),
    )
    print(result.stdout)
    assert result.returncode == 0, f"bundled selftest failed:\n{result.stdout}\n{result.stderr}"
    assert "selftest (bundle)" in result.stdout, "the selftest did not run frozen"
    assert "selftest passed" in result.stdout
    assert "platform offscreen" in result.stdout, "without a display Qt must go offscreen"


def test_bundle_is_under_250_mb(bundle: Path, record_property) -> None:
    size = _directory_size(bundle)
    record_property("bundle_size_bytes", size)
    biggest = sorted(
        (p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.stat().st_size,
        reverse=True,
    )[:8]
    listing = "\n".join(
        f"  {p.stat().st_size / 1e6:6.1f} MB {p.relative_to(bundle)}" for p in biggest
    )
    print(f"\nbundle size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB); biggest files:\n{listing}")
    assert size < SIZE_LIMIT_BYTES, f"bundle is {size / 1e6:.1f} MB:\n{listing}"


def test_bundled_version_comes_from_package_metadata(bundle: Path, tmp_path: Path) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = declared["project"]["version"]
    result = subprocess.run(
        [str(_executable(bundle)), "--version"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=_fresh_machine_env(tmp_path / "home"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Coalition Desk {version}"


def test_bundle_holds_migrations_icons_and_help_as_files(bundle: Path) -> None:
    internal = bundle / "_internal"
    source_migrations = ROOT / "coalition_desk" / "store" / "migrations"
    expected = sorted(
        p.relative_to(source_migrations).as_posix()
        for p in source_migrations.rglob("*")
        if p.is_file() and p.suffix in (".py", ".mako")
    )
    bundled_migrations = internal / "coalition_desk" / "store" / "migrations"
    bundled = sorted(
        p.relative_to(bundled_migrations).as_posix()
        for p in bundled_migrations.rglob("*")
        if p.is_file() and p.suffix in (".py", ".mako")
    )
    assert bundled == expected
    # An editable install from a fresh clone leaves its metadata as coalition_desk.egg-info
    # beside the sources, which importlib.metadata (and so PyInstaller) finds first.
    assert any(internal.glob("coalition_desk-*.dist-info/METADATA")) or (
        internal / "coalition_desk.egg-info" / "PKG-INFO"
    ).is_file()
    for resource in (ROOT / "resources").rglob("*"):
        if resource.is_file():
            relative = resource.relative_to(ROOT)
            assert (internal / relative).is_file(), f"{relative} is missing from the bundle"


def test_bundle_leaves_out_what_is_not_used(bundle: Path) -> None:
    unwanted = (
        "tkinter",
        "_tkinter",
        "PyQt5",
        "PyQt6",
        "libqgtk3",
        "libgtk-3",
        "libQt6Quick",
        "libQt6Qml",
        "libQt6Network",
        "libQt6WebEngine",
        "libqtuiotouchplugin",
        "libqopensslbackend",
        "libqsqlite",
        "libqjpeg",
        "qtbase_de.qm",
        "libcairo",
    )
    names = [p.name for p in bundle.rglob("*")]
    found = sorted({name for name in names for part in unwanted if name.startswith(part)})
    assert found == []
    dangling = [str(p) for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []
