"""The structure rules that no linter checks: no import circle (imports inside functions and those only for the
type checker count), no private name imported from another module, no product module over 600 lines.
`python -m tools.structure` prints what breaks them; the test suite runs it (tests/test_checks.py)."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("lan_server", "client", "plugins")
MAX_LINES = 600


@dataclass(frozen=True)
class Module:
    name: str
    path: Path

    @property
    def package(self) -> str:
        """The package a relative import starts from."""
        return self.name if self.path.name == "__init__.py" else self.name.rpartition(".")[0]


def modules(root: Path = ROOT) -> dict[str, Module]:
    found: dict[str, Module] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = Module(".".join(parts), path)
    return found


def _imports(module: Module, known: dict[str, Module]) -> list[tuple[str, str, int]]:
    """(the module imported, the name taken from it or "", line) for every import: inside functions too, and
    those only a type checker reads (under `if TYPE_CHECKING:`): a type is a dependency as well."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"))
    out: list[tuple[str, str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, "", node.lineno) for alias in node.names if alias.name in known]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.package.split(".")
                parent = parent[:len(parent) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                if f"{base}.{alias.name}" in known:  # `from package import module`
                    out.append((f"{base}.{alias.name}", "", node.lineno))
                elif base in known:
                    out.append((base, alias.name, node.lineno))
    return out


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the modules it imports. A package's own __init__ is not counted as imported by its modules
    (Python runs it first, but that is no dependency of theirs)."""
    known = modules(root)
    return {name: {target for target, _, _ in _imports(mod, known) if target != name
                   and not name.startswith(target + ".")} for name, mod in known.items()}


def circles(root: Path = ROOT) -> list[list[str]]:
    """The groups of modules that import each other, directly or around a circle (Tarjan's algorithm)."""
    edges = graph(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # iterative: the import graph may be deep
        nonlocal counter
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        group.append(top)
                        if top == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    return found


def private_imports(root: Path = ROOT) -> list[str]:
    """`from other import _name` across modules: what two modules share deserves a public name. gettext's `_`
(client/core/i18n) is not private: it is the name every gettext program gives its public translation call."""
    known = modules(root)
    out = []
    for name, mod in known.items():
        for target, taken, line in _imports(mod, known):
            if taken.startswith("_") and taken != "_" and not taken.startswith("__") and target != name:
                out.append(f"{mod.path.relative_to(root)}:{line}: {taken} from {target}")
    return out


def long_modules(root: Path = ROOT) -> list[str]:
    return [f"{mod.path.relative_to(root)}: {n} lines" for mod in modules(root).values()
            if (n := len(mod.path.read_text(encoding="utf-8").splitlines())) > MAX_LINES]


def main() -> int:
    problems = [f"import circle: {' <-> '.join(group)}" for group in circles()]
    problems += [f"private name imported: {p}" for p in private_imports()]
    problems += [f"module over {MAX_LINES} lines: {p}" for p in long_modules()]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
