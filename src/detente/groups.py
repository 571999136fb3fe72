"""Connected parts of a relation, for every stage that groups things by pairwise links (copies, stories)."""
from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Union-find with path halving; a node joins when it is first named."""

    def __init__(self) -> None:
        self.parent: dict[T, T] = {}

    def find(self, node: T) -> T:
        parent = self.parent
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, a: T, b: T) -> None:
        root = self.find(a)  # named first, so `a` comes before `b` in its part
        self.parent[root] = self.find(b)

    def groups(self) -> list[list[T]]:
        """Every part, its nodes in the order they were first named."""
        parts: dict[T, list[T]] = {}
        for node in list(self.parent):
            parts.setdefault(self.find(node), []).append(node)
        return list(parts.values())
