"""Reading mario's search trees (the `tree` of each samples.jsonl line): node index, ancestry, and which nodes
have a right answer somewhere below them (hard estimation with the tree's own rollouts)."""
import os
from typing import Dict, List, Optional, Set, Tuple

from .synth_check import read_jsonl_lines


def parent_id(node_id: str) -> Optional[str]:
    """"0.2.1" -> "0.2"; the root "0" has none."""
    return node_id.rsplit(".", 1)[0] if "." in node_id else None


def index_nodes(tree: dict, where: str) -> Dict[str, dict]:
    """id -> node; raises ValueError naming `where` (file:line) and the field at fault."""
    nodes = tree.get("nodes")
    if not isinstance(nodes, list) or not nodes:
        raise ValueError(f"{where}: 'tree.nodes' must be a non-empty list")
    by_id = {}
    for k, n in enumerate(nodes):
        if not isinstance(n, dict) or not isinstance(n.get("id"), str):
            raise ValueError(f"{where}: tree.nodes[{k}].id must be a string")
        by_id[n["id"]] = n
    return by_id


def right_below(by_id: Dict[str, dict], any_end: bool = False) -> Set[str]:
    """Ids of the nodes with a right terminal answer at or below them (with `any_end`: any terminal at all, i.e.
    the nodes the search followed to an end)."""
    good: Set[str] = set()
    for n in by_id.values():
        if "terminal" in n and (any_end or n.get("correct") is True):
            i = n["id"]
            while i is not None and i not in good:
                good.add(i)
                i = parent_id(i)
    return good


def chain(by_id: Dict[str, dict], node_id: str, where: str) -> List[dict]:
    """The steps from the root's first child down to `node_id` (the root itself has no text)."""
    out = []
    i = node_id
    while i is not None:
        node = by_id.get(i)
        if node is None:
            raise ValueError(f"{where}: node {node_id} has no ancestor {i} in the tree")
        if node.get("kind") != "root":
            out.append(node)
        i = parent_id(i)
    out.reverse()
    return out


def has_text(steps: List[dict]) -> bool:
    """False when a step is empty (the model stopped at once): it has no token to put a target on."""
    return bool(steps) and all(isinstance(c.get("text"), str) and c["text"].strip() for c in steps)


def read_run_trees(run: str) -> List[Tuple[str, dict, dict]]:
    """(where, row, tree) for every line of a mario run's samples.jsonl (`run` is the folder or the file); raises
    ValueError naming file:line when a line is not JSON or has no tree with a question and a gold answer."""
    samples = os.path.join(run, "samples.jsonl") if os.path.isdir(run) else run
    out = []
    for where, row in read_jsonl_lines(samples):
        tree = row.get("tree")
        if not isinstance(tree, dict):
            raise ValueError(f"{where}: no 'tree' (run the search with trees recorded)")
        for field in ("question", "gold"):
            if not isinstance(tree.get(field), str):
                raise ValueError(f"{where}: 'tree.{field}' must be a string")
        out.append((where, row, tree))
    return out
