"""The layers import downwards only: services know nothing of jobs, pages, the API or Reflex states.

Every import in every module of loyalty_app/services is read with ast, at any depth (a lazy import
inside a function counts), relative imports resolved; and no package imports another in a circle.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from loyalty_app.settings import PROJECT_ROOT

SERVICES = PROJECT_ROOT / "loyalty_app" / "services"
ABOVE_SERVICES = ("jobs", "loyalty_app.pages", "loyalty_app.api", "loyalty_app.state", "loyalty_app.live")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it, as absolute dotted names."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found


def _is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _service_modules() -> list[Path]:
    return sorted(SERVICES.rglob("*.py"))


def test_the_scan_resolves_relative_and_lazy_imports(tmp_path, monkeypatch):
    assert "loyalty_app.services.effects" in imports_of(SERVICES / "ledger" / "stamps.py")
    probe = SERVICES / "cards" / "__init__.py"
    assert _module_name(probe) == "loyalty_app.services.cards"
    fake = tmp_path / "loyalty_app" / "services" / "cards" / "probe.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from ...pages import home\n    import jobs.queue\n")
    monkeypatch.setattr("tests.test_layers.PROJECT_ROOT", tmp_path)
    assert {"loyalty_app.pages", "loyalty_app.pages.home", "jobs.queue"} <= imports_of(fake)


@pytest.mark.parametrize("path", _service_modules(), ids=lambda p: str(p.relative_to(SERVICES)))
def test_no_service_imports_a_layer_above_it(path):
    above = sorted(n for n in imports_of(path) for layer in ABOVE_SERVICES if _is_under(n, layer))
    assert above == [], f"{path.relative_to(PROJECT_ROOT)} imports {above}"


def _package_of(module: str) -> str:
    """jobs, or the loyalty_app sub-package (or top-level module) a module belongs to."""
    parts = module.split(".")
    return "jobs" if parts[0] == "jobs" else ".".join(parts[:2])


def _module_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (anywhere in it), for jobs/ and loyalty_app/."""
    paths = {_module_name(p): p for root in ("jobs", "loyalty_app") for p in (PROJECT_ROOT / root).rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in paths.items():
        for name in imports_of(path):
            parts = name.split(".")
            while parts and ".".join(parts) not in paths:  # `from pkg import function` names the module pkg
                parts.pop()
            if parts and ".".join(parts) != module:
                graph[module].add(".".join(parts))
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), list(graph.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def test_nothing_the_services_import_leads_to_jobs():
    graph = _module_graph()
    services = [m for m in graph if _is_under(m, "loyalty_app.services")]
    reached = set().union(*(_reachable(graph, m) for m in services))
    assert sorted(m for m in reached if _package_of(m) == "jobs") == []


def test_no_import_cycle_crosses_from_one_package_to_another():
    """A module that imports, maybe through others, a module of another package that imports it back."""
    graph = _module_graph()
    crossing = sorted(
        (module, other)
        for module in graph
        for other in _reachable(graph, module)
        if _package_of(other) != _package_of(module) and module in _reachable(graph, other)
    )
    assert crossing == []


def _package_graph() -> dict[str, set[str]]:
    """Which package imports which (the app's subpackages and jobs), from every module's imports."""
    packages: dict[str, set[str]] = {}
    for module, imported in _module_graph().items():
        packages.setdefault(_package_of(module), set()).update(
            p for p in map(_package_of, imported) if p != _package_of(module)
        )
    return packages


def test_the_packages_import_each_other_in_one_direction():
    """No two packages reach each other (services -> wallet -> services, say): the layers stay layers."""
    graph = _package_graph()
    both_ways = sorted(
        (package, other)
        for package in graph
        for other in _reachable(graph, package)
        if package < other and package in _reachable(graph, other)
    )
    assert both_ways == []
