"""Walks over a validated definition, without recursion and without visiting plain fields.

>>> from survey_engine.loader import definition_from_dict
>>> survey = definition_from_dict({"schema_version": 1, "id": "s", "version": 1,
...     "languages": ["en"], "title": "T", "rater_groups": ["peer"], "pages": [{"id": "p",
...     "title": "P", "items": [{"type": "text", "id": "q", "text": "Q"}]}]})
>>> [loc for loc, _ in local_texts(survey)]
[('title',), ('pages', 0, 'title'), ('pages', 0, 'items', 0, 'text')]
>>> field(survey.pages[0].items[0], "options") is None
True
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from survey_engine.localtext import LocalText

Loc = tuple[str | int, ...]


def field(model: BaseModel, name: str) -> Any:
    """``getattr(model, name, None)`` without pydantic's slow path for a missing field."""
    return model.__dict__.get(name)


def local_texts(root: BaseModel) -> Iterator[tuple[Loc, LocalText]]:
    """Every :class:`LocalText` in ``root`` with its location, in document order.

    Parameters
    ----------
    root
        A validated model (usually the :class:`~survey_engine.model.Survey`).

    Yields
    ------
    (tuple, LocalText)
        The location is the JSON path as a tuple, e.g. ``("pages", 0, "title")``. Nothing is
        kept once used: a large definition leaves no garbage for the collector to scan.
    """
    stack: list[tuple[Any, Loc]] = [(root, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, LocalText):
            yield loc, value
            continue
        if isinstance(value, BaseModel):
            children = [(field(value, n), (*loc, n)) for n in _model_fields(type(value))]
        elif isinstance(value, list | tuple):
            children = [(entry, (*loc, i)) for i, entry in enumerate(value)]
        elif isinstance(value, dict):
            children = [(entry, (*loc, key)) for key, entry in value.items()]
        else:
            continue
        stack.extend(reversed(children))


@cache
def _model_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose type can hold a model (a LocalText among them)."""
    return tuple(name for name, info in cls.model_fields.items() if _holds_model(info.annotation))


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in get_args(annotation))
