"""Extraction: the public API of a package directory, read with `ast` (never imported).

Public means: reachable through a module path without `_`-prefixed parts, via `__all__` when a
module has one, else its own public top-level definitions (and, in `__init__.py`, its re-exports
from inside the package). Classes list their public methods (plus `__init__` and `__call__`),
properties and annotated fields, inherited ones included. A class exported under several names
is listed under each, its members only under the shortest.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from specpress.diff.apisurface.annotations import annotation_text
from specpress.diff.apisurface.model import Member, Param, Surface
from specpress.errors import SpecpressError

_SKIP_DIRS = {"tests", "test", "__pycache__", "build", "dist", ".venv", "node_modules"}
_DUNDER_KEPT = {"__init__", "__call__"}
DEPRECATED_ALIASES = "_DEPRECATED_ALIASES"


@dataclass
class _Module:
    name: str
    tree: ast.Module
    is_package: bool
    defs: dict[str, ast.stmt] = field(default_factory=dict)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> (module, name)
    aliases: dict[str, str] = field(default_factory=dict)  # `Gcore = Client`
    attributes: dict[str, ast.expr | None] = field(default_factory=dict)
    all: list[str] | None = None
    deprecated: dict[str, str] = field(default_factory=dict)  # old name -> new name


def _packages(root: Path) -> list[Path]:
    """Top-level package directories under root (directories with `__init__.py`)."""
    found = []
    for init in sorted(root.rglob("__init__.py")):
        parts = init.relative_to(root).parts
        if any(p in _SKIP_DIRS or p.startswith(".") for p in parts):
            continue
        if not (init.parent.parent / "__init__.py").is_file() or init.parent == root:
            found.append(init.parent)
    return found


def _parse_module(path: Path, name: str, is_package: bool) -> _Module:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, OSError) as exc:
        raise SpecpressError(f"cannot parse Python module: {exc}", file=path) from None
    module = _Module(name, tree, is_package)
    package = name if is_package else name.rpartition(".")[0]
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            if not _is_overload(stmt) or stmt.name not in module.defs:
                module.defs[stmt.name] = stmt
        elif isinstance(stmt, ast.ImportFrom):
            base = _absolute(package, stmt.module, stmt.level)
            for alias in stmt.names:
                module.imports[alias.asname or alias.name] = (base, alias.name)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if not isinstance(target, ast.Name):
                    continue
                if target.id == DEPRECATED_ALIASES and isinstance(stmt.value, ast.Dict):
                    module.deprecated = _string_pairs(stmt.value)
                elif target.id == "__all__" and isinstance(stmt.value, ast.List | ast.Tuple):
                    module.all = [
                        e.value
                        for e in stmt.value.elts
                        if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    ]
                elif isinstance(stmt.value, ast.Name):
                    module.aliases[target.id] = stmt.value.id
                else:
                    ann = stmt.annotation if isinstance(stmt, ast.AnnAssign) else None
                    module.attributes[target.id] = ann
    return module


def _string_pairs(node: ast.Dict) -> dict[str, str]:
    return {
        k.value: v.value
        for k, v in zip(node.keys, node.values, strict=True)
        if isinstance(k, ast.Constant)
        and isinstance(k.value, str)
        and isinstance(v, ast.Constant)
        and isinstance(v.value, str)
    }


def _is_overload(node: ast.stmt) -> bool:
    decorators = getattr(node, "decorator_list", [])
    return any(ast.unparse(d).split(".")[-1] == "overload" for d in decorators)


def _absolute(package: str, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, module] if module else base)


class _Extractor:
    def __init__(self, modules: dict[str, _Module]) -> None:
        self.modules = modules
        self.surface: Surface = {}

    def resolve(self, module: str, name: str, depth: int = 0) -> tuple[str, str] | None:
        """Follow re-exports and aliases to the module that defines `name`."""
        mod = self.modules.get(module)
        if mod is None or depth > 20:
            if module in self.modules or depth > 20:
                return None
            # `from pkg import sub` where sub is a module
            return (f"{module}.{name}", "") if f"{module}.{name}" in self.modules else None
        if name in mod.defs or name in mod.attributes:
            return (module, name)
        if name in mod.aliases:
            return self.resolve(module, mod.aliases[name], depth + 1)
        if name in mod.imports:
            source, original = mod.imports[name]
            return self.resolve(source, original, depth + 1)
        if f"{module}.{name}" in self.modules:
            return (f"{module}.{name}", "")
        return None

    def exports(self, mod: _Module) -> list[str]:
        if mod.all is not None:
            return mod.all
        names = [*mod.defs, *mod.aliases, *mod.attributes]
        if mod.is_package:
            names += [n for n, (src, _) in mod.imports.items() if src.split(".")[0] in self._tops]
        return sorted({n for n in names if not n.startswith("_")})

    @property
    def _tops(self) -> set[str]:
        return {name.split(".")[0] for name in self.modules}

    def run(self) -> Surface:
        """Every public path of every definition; members only under the shortest path.

        `pkg.Task` and `pkg.types.Task` are the same class: both names are API (removing either
        breaks an import), but its fields are listed once, under the canonical (shortest) name.
        """
        paths: dict[tuple[str, str], list[str]] = {}
        for name in sorted(self.modules):
            if any(part.startswith("_") for part in name.split(".")):
                continue
            mod = self.modules[name]
            for export in self.exports(mod):
                target = self.resolve(name, export)
                if target is not None and target[1]:
                    paths.setdefault(target, []).append(f"{name}.{export}")
        for target, publics in paths.items():
            canonical = min(publics, key=lambda p: (p.count("."), p))
            for public in publics:
                self.add(public, *target, members=public == canonical)
        for name, mod in sorted(self.modules.items()):
            if any(part.startswith("_") for part in name.split(".")):
                continue
            for old, new in sorted(mod.deprecated.items()):
                self.surface.setdefault(
                    f"{name}.{old}", Member("deprecated", annotation=f"{name}.{new}")
                )
        return dict(sorted(self.surface.items()))

    def add(self, public: str, module: str, name: str, members: bool = True) -> None:
        mod = self.modules[module]
        node = mod.defs.get(name)
        if isinstance(node, ast.ClassDef):
            self.surface[public] = Member("class")
            if not members:
                return
            for member, info in self.class_members(module, node, set()).items():
                self.surface[f"{public}.{member}"] = info
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.surface[public] = _function(node, "function")
        else:
            self.surface[public] = Member(
                "attribute", annotation=annotation_text(mod.attributes.get(name))
            )

    def class_members(self, module: str, node: ast.ClassDef, seen: set[str]) -> dict[str, Member]:
        key = f"{module}.{node.name}"
        if key in seen:
            return {}
        seen = seen | {key}
        members: dict[str, Member] = {}
        for base in node.bases:
            base_name = ast.unparse(base).split("[")[0]
            target = self.resolve(module, base_name.split(".")[-1]) if base_name else None
            if target and target[1]:
                base_node = self.modules[target[0]].defs.get(target[1])
                if isinstance(base_node, ast.ClassDef):
                    inherited = self.class_members(target[0], base_node, seen)
                    bound = dict(zip(_type_params(base_node), _type_args(base), strict=False))
                    members.update({k: _substitute(m, bound) for k, m in inherited.items()})
        for stmt in node.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                if stmt.name.startswith("_") and stmt.name not in _DUNDER_KEPT:
                    continue
                if _is_overload(stmt) and stmt.name in members:
                    continue
                decorators = {ast.unparse(d).split(".")[-1] for d in stmt.decorator_list}
                if decorators & {"property", "cached_property"}:
                    members[stmt.name] = Member(
                        "property", annotation=annotation_text(stmt.returns)
                    )
                elif not any(d.endswith(".setter") for d in map(ast.unparse, stmt.decorator_list)):
                    static = "staticmethod" in decorators
                    members[stmt.name] = _function(stmt, "method", drop_first=not static)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                name = stmt.target.id
                ann = annotation_text(stmt.annotation) or ""
                if name.startswith("_") or ann.startswith("ClassVar"):
                    continue
                members[name] = Member(
                    "field", annotation=ann, required=_field_required(stmt.value)
                )
        return members


def _subscript_items(node: ast.expr) -> list[ast.expr]:
    if not isinstance(node, ast.Subscript):
        return []
    return list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]


def _type_params(node: ast.ClassDef) -> list[str]:
    """The TypeVars a generic class declares (``Generic[A, B]`` among its bases)."""
    for base in node.bases:
        if isinstance(base, ast.Subscript) and ast.unparse(base.value).endswith("Generic"):
            return [ast.unparse(item) for item in _subscript_items(base)]
    return []


def _type_args(base: ast.expr) -> list[str]:
    """The arguments a subclass binds them to (``BaseClient[httpx.Client]``)."""
    return [annotation_text(item) or ast.unparse(item) for item in _subscript_items(base)]


def _substitute(member: Member, bound: dict[str, str]) -> Member:
    """An inherited member as the subclass has it: its base's TypeVars replaced by what the
    subclass binds them to, so moving a method into a generic base is not a type change."""
    if not bound:
        return member
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, bound)) + r")\b")

    def sub(text: str | None) -> str | None:
        return None if text is None else pattern.sub(lambda m: bound[m.group(1)], text)

    params = tuple(dataclasses.replace(p, annotation=sub(p.annotation)) for p in member.params)
    return dataclasses.replace(member, params=params, annotation=sub(member.annotation))


def _field_required(value: ast.expr | None) -> bool:
    """A model field is required without a default, or with `Field(...)` and no default."""
    if value is None:
        return True
    if isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] == "Field":
        if value.args:
            first = value.args[0]
            return isinstance(first, ast.Constant) and first.value is Ellipsis
        kwargs = {kw.arg for kw in value.keywords}
        return not kwargs & {"default", "default_factory"}
    return False


def _function(
    node: ast.FunctionDef | ast.AsyncFunctionDef, kind: str, drop_first: bool = False
) -> Member:
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    params: list[Param] = []
    for i, arg in enumerate(positional):
        if drop_first and i == 0:
            continue
        arg_kind = "positional-only" if i < len(args.posonlyargs) else "positional"
        params.append(Param(arg.arg, arg_kind, i < first_default, annotation_text(arg.annotation)))
    if args.vararg:
        params.append(
            Param(args.vararg.arg, "*args", False, annotation_text(args.vararg.annotation))
        )
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append(
            Param(arg.arg, "keyword-only", default is None, annotation_text(arg.annotation))
        )
    if args.kwarg:
        params.append(
            Param(args.kwarg.arg, "**kwargs", False, annotation_text(args.kwarg.annotation))
        )
    return Member(kind, tuple(params), annotation_text(node.returns))


def extract_surface(root: str | Path) -> Surface:
    """The public API of every top-level package found under `root` (e.g. a generated dist)."""
    root = Path(root)
    if not root.is_dir():
        raise SpecpressError("not a directory", file=root)
    modules: dict[str, _Module] = {}
    for package in _packages(root):
        for path in sorted(package.rglob("*.py")):
            rel = path.relative_to(package.parent).with_suffix("")
            if any(p in _SKIP_DIRS for p in rel.parts):
                continue
            is_package = rel.name == "__init__"
            name = ".".join(rel.parts[:-1] if is_package else rel.parts)
            modules[name] = _parse_module(path, name, is_package)
    return _Extractor(modules).run()
