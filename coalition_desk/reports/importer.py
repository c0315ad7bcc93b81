"""Register import: the whole workbook checked first, then merged in one transaction.

An import is a merge with a workbook (docs/merge.md): new records are added; a record
changed in the workbook since it was exported is taken unless it was also changed here,
which is a conflict the import lists and does not decide (``take`` decides them all);
a row unchanged since export never overwrites a newer edit; the Deleted sheet's
deletions travel. A refused, conflicting, dry-run or cancelled import changes nothing.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.utils import get_column_letter
from sqlalchemy.exc import SQLAlchemyError

from coalition_desk.domain.wording import plural
from coalition_desk.reports.memory_budget import MemoryBudget, WorkbookTooLarge
from coalition_desk.reports.problems import Problems, WorkbookProblem
from coalition_desk.reports.progress import CancelCheck, Cancelled, Progress, Ticker
from coalition_desk.reports.register_format import (
    ABOUT_SHEET,
    FORMAT_NAME,
    FORMAT_VERSION,
    SHEET_BY_TITLE,
    SHEETS,
)
from coalition_desk.reports.safety import MAX_SHARED_STRINGS, UnsafeWorkbook, check_workbook_file
from coalition_desk.reports.sheet_reader import (
    DamagedSheet,
    formula_cells,
    present_rows,
    read_shared_strings,
)
from coalition_desk.reports.validator import ParsedSheet, TooManyRows, check_across, read_sheet
from coalition_desk.reports.workbook_replica import merge_sheets, replica_from_workbook
from coalition_desk.services import bulk
from coalition_desk.services.merge import decide_all, plan_merge, read_replica
from coalition_desk.services.merge.apply import apply_plan_in
from coalition_desk.services.merge.plan import MergePlan
from coalition_desk.services.merge.replica import Replica
from coalition_desk.services.merge.report import conflict_lines
from coalition_desk.services.register_writes import (
    add_everything,
    register_is_empty,
    wide_page_cache,
)
from coalition_desk.store.engine import Database
from coalition_desk.store.health import ensure_readable
from coalition_desk.store.server_errors import explain_server_error
from coalition_desk.store.versions import joined

log = logging.getLogger(__name__)


@dataclass
class SheetSummary:
    sheet: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    path: Path
    dry_run: bool = False
    problems: list[WorkbookProblem] = field(default_factory=list)
    more_problems: int = 0
    sheets: list[SheetSummary] = field(default_factory=list)
    cancelled: bool = False
    # Records changed both here and in the workbook, left undecided: nothing written.
    conflicts: list[str] = field(default_factory=list)
    # The merge plan checked and written; None when there was none to make (refused,
    # or an import into an empty register, which adds every record).
    plan: MergePlan | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and not self.cancelled and not self.conflicts

    @property
    def committed(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def changed_entities(self) -> frozenset[str]:
        """Entities whose records this import added or updated (for refreshing panes)."""
        if not self.committed:
            return frozenset()
        return frozenset(
            SHEET_BY_TITLE[s.sheet].entity for s in self.sheets if s.added or s.updated
        )

    def problem_lines(self) -> list[str]:
        lines = [str(problem) for problem in self.problems] + self.conflicts
        if self.more_problems:
            lines.append(f"... and {plural(self.more_problems, 'more problem')}")
        return lines

    def summary_lines(self) -> list[str]:
        if self.cancelled:
            return ["Import cancelled; nothing was changed."]
        if self.conflicts and not self.problems:
            return [f"{len(self.conflicts):,} conflict(s) need a decision (--take mine or "
                    "--take theirs); nothing was changed."]
        if not self.ok:
            count = len(self.problems) + self.more_problems
            return [f"{self.path.name} was refused ({plural(count, 'problem')}); nothing was "
                    "changed."]
        verb = "would be" if self.dry_run else "were"
        lines = [
            f"{s.sheet}: {s.added:,} added, {s.updated:,} updated, {s.unchanged:,} unchanged"
            for s in self.sheets
        ]
        added = sum(s.added for s in self.sheets)
        updated = sum(s.updated for s in self.sheets)
        lines.append(f"In all {added:,} records {verb} added and {updated:,} updated"
                     + (" (dry run: nothing was written)." if self.dry_run else "."))
        return lines


class _Refused(Exception):
    pass


def import_register(
    database: Database,
    path: Path | str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    origin: str = "import",
    take: str | None = None,
) -> ImportReport:
    path = Path(path)
    # Records the register already holds are read and compared: an unreadable one would
    # stop the import half-way, so it is named before the workbook is even opened.
    ensure_readable(database, "the import")
    report = ImportReport(path, dry_run)
    problems = Problems()
    try:
        scan = check_workbook_file(path)
        # From before the shared strings are read: they are held too.
        budget = MemoryBudget()
        workbook = _open(path)
        try:
            _check_about(workbook, problems)
            if problems:
                # Not this format, or a newer one: its sheets cannot be read as ours.
                raise _Refused
            # Every other problem is gathered in one pass, so one round of fixes suffices.
            formulas: dict[str, set[tuple[int, str]]] = {}
            if scan.sheets_with_formulas:
                formulas = _report_formulas(workbook, problems)
            total = sum(_rows_hint(workbook[s.title]) for s in SHEETS if s.title in workbook)
            ticker = Ticker(2 * total, progress, cancel)
            with database.session() as session:
                parsed = _read_all(workbook, problems, ticker, formulas, budget)
                keys = bulk.known_keys(session)
                check_across(parsed, keys, session, problems)
                if problems:
                    raise _Refused
                extra, about = merge_sheets(workbook)
                theirs = replica_from_workbook(path, parsed, extra, about)
                if not dry_run and _adds_everything(session, theirs):
                    # An empty register: the plan would be "add everything"; written as
                    # the plan's apply writes it, without comparing 250,000 records.
                    ticker.tick(sum(len(found) for found in theirs.records.values()))
                    _summarise(parsed, Counter(_add_everything(session, theirs, origin)),
                               Counter(), report)
                    ticker.finish()
                    return _finished(report, problems)
                merge_plan = plan_merge(read_replica(database), theirs)
                merge_plan = dataclasses.replace(merge_plan, origin_override=origin)
                report.plan = merge_plan
                _summarise(parsed, *_plan_counts(merge_plan), report)
                if merge_plan.conflicts and take is None:
                    report.conflicts = conflict_lines(merge_plan)
                elif not dry_run:
                    ticker.tick(len(merge_plan.changes))
                    decisions = decide_all(merge_plan, take) if take else {}  # type: ignore[arg-type]
                    _write_merge(session, merge_plan, decisions)
                ticker.finish()
        finally:
            workbook.close()
    except DamagedSheet as error:
        problems.add(error.reason, sheet=error.sheet, row=error.row, column=error.column)
    except UnsafeWorkbook as error:
        problems.add(str(error))
    except (TooManyRows, WorkbookTooLarge) as error:
        problems.add(str(error))
    except _Refused:
        pass
    except Cancelled:
        report.cancelled = True
        report.sheets = []
    except SQLAlchemyError as error:
        explained = explain_server_error(error, database.url)
        if explained is not None:
            # The server's refusal (a reader's rights, a lost connection): the officer's
            # one line says it; the details go to the log file only.
            log.info("import refused by the server", exc_info=True)
            raise explained from error
        log.warning("import refused by the database", exc_info=True)
        problems.add(f"the database refused the import ({error.__class__.__name__}: "
                     f"{str(error).splitlines()[0]}); nothing was changed")
    return _finished(report, problems)


def _finished(report: ImportReport, problems: Problems) -> ImportReport:
    report.problems = list(problems)
    report.more_problems = problems.more
    if report.problems:
        report.sheets = []
    return report


def _summarise(
    parsed: dict[str, ParsedSheet], added: Counter[str], updated: Counter[str],
    report: ImportReport,
) -> None:
    for layout in SHEETS:
        sheet = parsed.get(layout.entity)
        if sheet is None:
            continue
        new, changed = added[layout.entity], updated[layout.entity]
        report.sheets.append(SheetSummary(layout.title, new, changed,
                                          max(len(sheet.rows) - new - changed, 0)))


def _plan_counts(plan: MergePlan) -> tuple[Counter[str], Counter[str]]:
    return (Counter(c.entity for c in plan.added),
            Counter(c.entity for c in plan.changes if c.kind == "change"))


def _write_merge(session: object, plan: MergePlan, decisions: dict) -> None:
    with wide_page_cache(session):  # type: ignore[arg-type]
        apply_plan_in(session, plan, decisions, checked=True)  # type: ignore[arg-type]


def _adds_everything(session: object, theirs: Replica) -> bool:
    """Is the merge plan "add every record and deletion", with nothing to compare?

    So when the register never held anything (not even a deleted record, whose past
    states a workbook row could name) and the workbook folds no duplicates (Redirects
    re-point references). Every reference then points into the workbook: the
    validator refused any other, and the register has nothing it could point to.
    """
    return not theirs.redirects and register_is_empty(session)  # type: ignore[arg-type]


def _add_everything(session: object, theirs: Replica, origin: str) -> dict[str, int]:
    deletions = [(t.uuid, t.entity, t.deleted_at, t.register_id, joined(t.revisions))
                 for t in theirs.tombstones.values()]
    records = {entity: list(by_uuid.values()) for entity, by_uuid in theirs.records.items()}
    with wide_page_cache(session):  # type: ignore[arg-type]
        add_everything(session, records, deletions, origin[:200])  # type: ignore[arg-type]
    return {entity: len(found) for entity, found in records.items()}


def _open(path: Path) -> object:
    """openpyxl's load_workbook (read-only), with the shared strings read by ours."""
    try:
        reader = ExcelReader(path, read_only=True, data_only=False, keep_links=False)
        reader.read_strings = lambda: _read_strings(reader)  # type: ignore[method-assign]
        reader.read()
        return reader.wb
    except ValueError as error:
        # openpyxl wraps whatever its steps raise in a ValueError of its own.
        if isinstance(error.__cause__, UnsafeWorkbook):
            raise UnsafeWorkbook(f"{path.name}: {error.__cause__}") from None
        raise UnsafeWorkbook(
            f"{path.name} could not be read as an Excel workbook ({error.__class__.__name__}: "
            f"{str(error)[:200]})"
        ) from None
    except Exception as error:  # noqa: BLE001 - a hostile file can break the parser anywhere
        raise UnsafeWorkbook(
            f"{path.name} could not be read as an Excel workbook ({error.__class__.__name__}: "
            f"{str(error)[:200]})"
        ) from None


def _read_strings(reader: ExcelReader) -> None:
    # openpyxl's own reader takes ~30 µs a string and keeps a dict beside the list.
    part = reader.package.find(SHARED_STRINGS)
    if part is not None:
        with reader.archive.open(part.PartName[1:]) as source:
            reader.shared_strings = read_shared_strings(source, limit=MAX_SHARED_STRINGS)


def _check_about(workbook: object, problems: Problems) -> None:
    if ABOUT_SHEET not in workbook.sheetnames:  # type: ignore[attr-defined]
        problems.add(
            f"this is not a {FORMAT_NAME} workbook: it has no {ABOUT_SHEET!r} sheet "
            "(start from an export made by Coalition Desk)"
        )
        return
    facts: dict[str, object] = {}
    for number, cells in present_rows(workbook[ABOUT_SHEET]):  # type: ignore[index]
        if number > 21:
            break
        values = dict(cells)
        if isinstance(values.get(1), str):
            facts[values[1]] = values.get(2)
    version = facts.get("format_version")
    if facts.get("format") != FORMAT_NAME or not isinstance(version, int | float):
        problems.add("does not say which format version it is (format_version)",
                     sheet=ABOUT_SHEET)
    elif int(version) > FORMAT_VERSION:
        problems.add(
            f"this workbook uses format version {int(version)}, newer than this Coalition "
            f"Desk understands ({FORMAT_VERSION}); update Coalition Desk to import it",
            sheet=ABOUT_SHEET,
        )
    elif int(version) < 1:
        problems.add(f"unknown format version {version!r}", sheet=ABOUT_SHEET)


def _report_formulas(workbook: object, problems: Problems) -> dict[str, set[tuple[int, str]]]:
    """Every formula reported; per sheet title, the (row, column letter) of each."""
    cells: dict[str, set[tuple[int, str]]] = {}
    for sheet in workbook.worksheets:  # type: ignore[attr-defined]
        try:
            cells[sheet.title] = _report_sheet_formulas(sheet, problems)
        except Exception as error:  # noqa: BLE001 - openpyxl's reading of a damaged sheet
            problems.add(
                f"the sheet holds formulas and cannot be read ({error.__class__.__name__}: "
                f"{str(error)[:120]}); formulas are refused, never calculated",
                sheet=sheet.title,
            )
    return cells


def _report_sheet_formulas(sheet: object, problems: Problems) -> set[tuple[int, str]]:
    # Found by our reader, which reads the cells present: openpyxl's rows are padded out
    # to the size the sheet declares (A1:XFD999000 took most of an hour).
    found = [(row, get_column_letter(column), formula)
             for row, column, formula in formula_cells(sheet)]
    titles: dict[str, str] = {}
    header = next(present_rows(sheet), None)
    if found and header is not None and header[0] == 1:
        formulas_in_header = {letter for row, letter, _formula in found if row == 1}
        for column, value in header[1]:
            letter = get_column_letter(column)
            if isinstance(value, str) and letter not in formulas_in_header:
                titles[letter] = value.strip()
    for row, letter, formula in found:
        problems.add(
            f"holds a formula ({str(formula)[:40]}); formulas are refused, "
            "never calculated: type the value itself",
            sheet=sheet.title, row=row, column=letter,  # type: ignore[attr-defined]
            header=titles.get(letter),
        )
    return {(row, letter) for row, letter, _formula in found}


def _rows_hint(sheet: object) -> int:
    rows = getattr(sheet, "max_row", None)
    return rows if isinstance(rows, int) else 0


def _read_all(
    workbook: object, problems: Problems, ticker: Ticker,
    formulas: dict[str, set[tuple[int, str]]], budget: MemoryBudget,
) -> dict[str, ParsedSheet]:
    parsed = {}
    present = set(workbook.sheetnames)  # type: ignore[attr-defined]
    if not any(layout.title in present for layout in SHEETS):
        problems.add("holds none of the register sheets: " + ", ".join(s.title for s in SHEETS))
        return parsed
    for layout in SHEETS:
        if layout.title in present:
            where = f"sheet {layout.title!r}"

            def tick(amount: int, where: str = where) -> None:
                ticker.tick(amount)
                budget.check(where)

            parsed[layout.entity] = read_sheet(
                workbook[layout.title], layout, problems, tick,  # type: ignore[index]
                reported=formulas.get(layout.title, set()),
            )
            budget.check(where)
        else:
            # A register workbook carries every sheet, empty or not: a missing one is a
            # damaged or hand-cut workbook, and importing the rest would hide that.
            problems.add(
                f"the sheet {layout.title!r} is missing; a register workbook has every sheet "
                "(an empty one keeps just its header row)",
                sheet=layout.title,
            )
    return parsed
