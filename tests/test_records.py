"""duban/records.py: the class statement gives the same namedtuple typing.NamedTuple gives, without
checking (compiling) each field's annotation."""

from __future__ import annotations

import pickle
import typing
from typing import Any

import pytest

from duban.model import Case, Event, Source
from duban.records import NamedTuple


class Point(NamedTuple):
    """A point."""

    x: int
    y: int = 0
    label: str = ""

    def moved(self, dx: int) -> Point:
        return self._replace(x=self.x + dx)

    @property
    def far(self) -> bool:
        return abs(self.x) > 10


def test_a_record_is_a_namedtuple_with_defaults_methods_and_pickle() -> None:
    point = Point(3)
    assert point == (3, 0, "") and isinstance(point, tuple)
    assert Point._fields == ("x", "y", "label") and Point._field_defaults == {"y": 0, "label": ""}
    assert point.moved(20).far and not point.far
    assert Point.__doc__ == "A point." and Point.__module__ == __name__ and Point.__qualname__ == "Point"
    assert Point.__annotations__ == {"x": "int", "y": "int", "label": "str"}
    assert pickle.loads(pickle.dumps(point)) == point
    with pytest.raises(AttributeError):
        point.x = 4  # type: ignore[misc]


def test_the_records_of_a_case_read_back_from_pickle_as_themselves() -> None:
    case = Case("2026-0001", "督〔2026〕1号", "某事项", Source("领导交办"), events=(Event(None, "立项", "李明"),))  # type: ignore[arg-type]
    again = pickle.loads(pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == case and type(again) is Case and type(again.source) is Source
    assert again.events[0].get("单位", "无") == "无"


def test_no_annotation_is_checked_when_a_record_is_built(monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("an annotation was checked")

    monkeypatch.setattr(typing, "_type_check", refuse)

    class Cheap(NamedTuple):
        a: int
        b: tuple[str, ...] = ()

    assert Cheap(1) == (1, ())


def test_what_typing_refuses_is_refused_here() -> None:
    with pytest.raises(TypeError):

        class Misordered(NamedTuple):
            a: int = 0
            b: int  # type: ignore[misc]

    with pytest.raises(AttributeError):

        class Replacing(NamedTuple):
            a: int

            def _replace(self, **changes: Any) -> Any:  # type: ignore[override]
                return self
