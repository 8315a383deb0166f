"""Cycles among show_if references, found in linear time and without recursion.

>>> find_cycles({"a": {"b"}, "b": {"a"}, "c": {"c"}, "d": {"a"}})
[['a', 'b'], ['c']]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterator, Mapping


def find_cycles(graph: Mapping[str, Collection[str]]) -> list[list[str]]:
    """One shortest cycle for each group of nodes that reach each other (each strongly
    connected component with a cycle), starting at its smallest node, groups in sorted order.

    Parameters
    ----------
    graph
        ``{node: nodes it references}``; a referenced name that is not a key is no node.

    Returns
    -------
    list of list of str
        ``[start, ..., last]`` where ``last`` references ``start`` (``[start]`` for a node
        that references itself). Every node of a component is on some cycle.
    """
    cycles = []
    for component in _components(graph):
        start = min(component)
        if len(component) > 1 or start in graph[start]:
            cycles.append(_shortest_cycle(graph, start, set(component)))
    return sorted(cycles)


def _components(graph: Mapping[str, Collection[str]]) -> Iterator[list[str]]:
    """Tarjan's strongly connected components, with an explicit stack."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(graph):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph:
                    continue
                if child not in order:
                    order[child] = low[child] = len(order)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], order[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == order[node]:
                    component = []
                    while not component or component[-1] != node:
                        component.append(stack.pop())
                        on_stack.discard(component[-1])
                    yield component


def _shortest_cycle(graph: Mapping[str, Collection[str]], start: str, members: set[str]):
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node]):
            if nxt == start:
                path = [node]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])  # type: ignore[arg-type]
                return path[::-1]
            if nxt in members and nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return [start]  # pragma: no cover - a component with a cycle always closes one
