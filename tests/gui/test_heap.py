"""The collector around a chart drawn on a pool thread: no full collection while it is
drawn, what it leaves alive frozen, and frozen cyclic garbage freed by a sweep."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from coalition_desk.ui import heap


class Node:
    """Something that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


def cycle() -> tuple[Node, weakref.ref]:
    first, second = Node(), Node()
    first.other, second.other = second, first
    return first, weakref.ref(first)


@pytest.fixture
def settled(monkeypatch) -> Iterator[None]:
    """As once a window is filled: freezes happen; the process's collector is put back."""
    thresholds = gc.get_threshold()
    event = threading.Event()
    event.set()
    monkeypatch.setattr(heap, "_settled", event)
    monkeypatch.setattr(heap._Holds, "frozen_since_sweep", 0)
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_no_full_collection_while_held_and_python_s_own_thresholds_after() -> None:
    before = gc.get_threshold()
    generations: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            generations.append(info["generation"])

    gc.callbacks.append(note)
    try:
        with heap.collections_held():
            # Far more than Python's thresholds set off full collections for.
            kept = [cycle() for _ in range(200_000)]
    finally:
        gc.callbacks.remove(note)
    del kept

    assert generations and 2 not in generations  # the young ones still ran
    assert gc.get_threshold() == before


def test_the_hold_ends_with_the_last_thread_that_holds_it() -> None:
    before = gc.get_threshold()
    inside, leave = threading.Event(), threading.Event()

    def other_thread() -> None:
        with heap.collections_held():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=other_thread)
    thread.start()
    inside.wait(10)
    with heap.collections_held():
        leave.set()
        thread.join(10)
        assert gc.get_threshold()[2] == heap.NO_FULL_COLLECTION  # still held here
    assert gc.get_threshold() == before


@pytest.mark.usefixtures("settled")
def test_after_a_drawing_young_garbage_is_freed_and_what_lives_is_frozen() -> None:
    alive, _ = cycle()
    garbage, gone = cycle()
    del garbage
    frozen = gc.get_freeze_count()

    heap.freeze_survivors()

    assert gone() is None
    assert gc.get_freeze_count() > frozen
    assert not any(thing is alive for thing in gc.get_objects())  # out of the collector's sight


def test_before_the_window_is_filled_nothing_is_frozen(monkeypatch) -> None:
    monkeypatch.setattr(heap, "_settled", threading.Event())
    frozen = gc.get_freeze_count()

    heap.freeze_survivors()

    assert gc.get_freeze_count() == frozen


@pytest.mark.usefixtures("settled")
def test_cyclic_garbage_frozen_with_a_drawing_is_freed_by_the_sweep() -> None:
    kept, freed = cycle()
    heap.freeze_survivors()
    del kept  # garbage now, in the frozen generation: no collection sees it
    gc.collect()
    assert freed() is not None

    heap.sweep_frozen()

    assert freed() is None
    assert gc.get_freeze_count() > 0  # what lives is frozen again
