"""NamedTuple's class syntax at collections.namedtuple's price.

duban's records (cases, events, summaries, results) are NamedTuples: immutable, and unpickled by
the C unpickler without a Python call per field. typing.NamedTuple checks every field's
annotation as it builds the class; with postponed annotations each one is a string it compiles,
about a millisecond and a half for the classes a command like `list` imports. The class statement
here builds the same collections.namedtuple (fields, defaults, methods, docstring, module for
pickle) and keeps the annotations as written. Type checkers see typing.NamedTuple itself.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import collections

    # What the class statement puts in the namespace besides the fields and methods.
    _CLASS_KEYS = frozenset({"__module__", "__qualname__", "__annotations__", "__doc__"})
    # What namedtuple itself defines: a class body may not replace it (as typing.NamedTuple refuses).
    _RESERVED = frozenset({"_make", "_replace", "_asdict", "_fields", "_field_defaults", "__new__", "__init__",
                           "__slots__", "__getnewargs__"})  # fmt: skip

    class _RecordMeta(type):
        def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            if bases != (NamedTuple,):
                raise TypeError(f"{name}: a record derives from NamedTuple alone")
            fields = tuple(namespace.get("__annotations__", {}))
            defaults = []
            for field in fields:
                if field in namespace:
                    defaults.append(namespace[field])
                elif defaults:
                    raise TypeError(f"{name}: field {field} without a default follows one with a default")
            record = collections.namedtuple(name, fields, defaults=defaults, module=str(namespace["__module__"]))
            record.__qualname__ = str(namespace["__qualname__"])
            record.__annotations__ = dict(namespace.get("__annotations__", {}))
            if namespace.get("__doc__"):
                record.__doc__ = namespace["__doc__"]
            for key, value in namespace.items():
                if key in _RESERVED:
                    raise AttributeError(f"{name}: cannot redefine {key}")
                if key not in _CLASS_KEYS and key not in fields:
                    setattr(record, key, value)
            return record

    NamedTuple = type.__new__(_RecordMeta, "NamedTuple", (), {"__module__": __name__})
