"""common.transitions: ``check`` refuses a wrong state as ``move`` does, and moves nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from common.problems import Problem
from common.transitions import START, StateMachine

DOOR = StateMachine.of(
    [(START, "shut", "fit"), ("shut", "open", "open"), ("open", "shut", "shut")],
    "T1",
    "door",
    "门",
)


@dataclass
class Door:
    status: str


def test_check_passes_an_allowed_move_and_leaves_the_state() -> None:
    door = Door("shut")
    DOOR.check(door, "open", "open")
    assert door.status == "shut"


def test_check_refuses_as_move_does() -> None:
    door = Door("open")
    with pytest.raises(Problem) as checked:
        DOOR.check(door, "open", "open")
    with pytest.raises(Problem) as moved:
        DOOR.move(door, "open", "open")
    assert (checked.value.status, checked.value.code) == (409, "wrong-state")
    assert checked.value.body() == moved.value.body()
    assert door.status == "open"
