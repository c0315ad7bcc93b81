"""The export's sheets deflated on a second thread while rows are built (sheet_rows.py).

The streamed workbook must be the one the ordinary write makes: the same parts, each
the same bytes once inflated (the moments of writing aside), each sheet deflated to
the same bytes (the same level); and a failure half-way leaves no thread running and
no file behind.
"""

from __future__ import annotations

import re
import threading
import zipfile
from pathlib import Path

import pytest

from coalition_desk.reports import export as export_module
from coalition_desk.reports import sheet_rows
from coalition_desk.reports.export import export_register
from coalition_desk.store.engine import Database, open_database
from tests.benchmarks import synth

_STAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:(created|modified)>")
# The About sheet says when the export was made.
_WHEN = re.compile(rb"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d")


def _parts(path: Path) -> dict[str, tuple[bytes, int | None]]:
    """Each part inflated, moments of writing blanked; its deflated size if it has none."""
    parts: dict[str, tuple[bytes, int | None]] = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            blanked = _WHEN.sub(b"", _STAMPS.sub(b"", data))
            parts[info.filename] = (blanked, info.compress_size if blanked == data else None)
    return parts


def _unstreamed(monkeypatch: pytest.MonkeyPatch) -> None:
    ordinary = sheet_rows.create_streamed_sheet

    def without_stream(workbook, title, stream=None):
        return ordinary(workbook, title)

    monkeypatch.setattr(export_module, "create_streamed_sheet", without_stream)


@pytest.fixture(scope="module")
def s_register(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = tmp_path_factory.mktemp("s") / "s.sqlite3"
    synth.build("S", path)
    database = open_database(path)
    yield database
    database.dispose()


@pytest.mark.parametrize("register", ["demo", "synthetic S"])
def test_the_streamed_export_is_the_ordinary_workbook(
    register, demo_db, s_register, tmp_path, monkeypatch
) -> None:
    database = demo_db if register == "demo" else s_register
    streamed = tmp_path / "streamed.xlsx"
    export_register(database, streamed)
    with zipfile.ZipFile(streamed) as archive:
        first = archive.infolist()[0].filename
    assert first.startswith("xl/worksheets/sheet")  # it did stream
    _unstreamed(monkeypatch)
    ordinary = tmp_path / "ordinary.xlsx"
    export_register(database, ordinary)
    expected, written = _parts(ordinary), _parts(streamed)
    assert sorted(written) == sorted(expected)
    for name, (data, deflated) in expected.items():
        assert written[name][0] == data, name
        assert written[name][1] == deflated, name  # deflated alike: the same level


def test_a_failure_half_way_stops_the_thread_and_leaves_nothing(
    demo_db, tmp_path, monkeypatch
) -> None:
    calls = {"n": 0}
    ordinary_append = sheet_rows.XmlRows.append

    def failing(self, values):
        calls["n"] += 1
        if calls["n"] == 40:
            raise OSError("disk full (simulated)")
        ordinary_append(self, values)

    monkeypatch.setattr(sheet_rows.XmlRows, "append", failing)
    target = tmp_path / "out" / "register.xlsx"
    target.parent.mkdir()
    with pytest.raises(OSError, match="disk full"):
        export_register(demo_db, target)
    assert list(target.parent.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "deflate sheet"]


def test_a_failing_deflate_reaches_the_export(demo_db, tmp_path, monkeypatch) -> None:
    def broken(self, data):
        raise OSError("no space left on device (simulated)")

    monkeypatch.setattr(zipfile._ZipWriteFile, "write", broken)
    target = tmp_path / "out" / "register.xlsx"
    target.parent.mkdir()
    with pytest.raises(OSError, match="no space left"):
        export_register(demo_db, target)
    assert list(target.parent.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "deflate sheet"]


def test_a_member_that_fails_at_its_end_reaches_the_export(demo_db, tmp_path, monkeypatch) -> None:
    """A full disk often shows only when the member's last deflated bytes are written."""
    class Full:
        def __init__(self, compressor) -> None:
            self._compressor = compressor

        def flush(self):
            raise OSError("no space left on device (simulated, at the end)")

        def __getattr__(self, name):
            return getattr(self._compressor, name)

    ordinary_close = zipfile._ZipWriteFile.close

    def failing_at_the_end(self):
        self._compressor = Full(self._compressor)  # the member's last bytes
        ordinary_close(self)

    monkeypatch.setattr(zipfile._ZipWriteFile, "close", failing_at_the_end)
    target = tmp_path / "out" / "register.xlsx"
    target.parent.mkdir()
    with pytest.raises(OSError, match="at the end"):
        export_register(demo_db, target)
    assert list(target.parent.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "deflate sheet"]
