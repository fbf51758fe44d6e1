"""Public Python API of a package directory, read with `ast` (never imported), and its diff.

The wire diff cannot see what a regeneration does to user code: a renamed operationId or tag
renames a method while the HTTP traffic stays identical. Comparing the public surface of the
two generated packages gives the bump a user of the Python package needs.

Public means: reachable through a module path without `_`-prefixed parts, via `__all__` when a
module has one, else its own public top-level definitions (and, in `__init__.py`, its re-exports
from inside the package). Classes list their public methods (plus `__init__` and `__call__`),
properties and annotated fields, inherited ones included.

A module-level ``_DEPRECATED_ALIASES: dict[str, str] = {"Old": "New"}`` (what the generated
``models`` modules render from ``sdk.yaml`` ``names.deprecated``) makes ``Old`` a public name of
kind ``deprecated`` pointing at ``New``: a rename that keeps the old name importable is
``python-renamed-deprecated`` (not breaking), and the old class's members and annotations are
compared under the new name. Dropping the alias later is ``python-removed``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from specpress.errors import SpecpressError

_SKIP_DIRS = {"tests", "test", "__pycache__", "build", "dist", ".venv", "node_modules"}
_TYPING_ALIASES = {
    "List": "list",
    "Dict": "dict",
    "Set": "set",
    "FrozenSet": "frozenset",
    "Tuple": "tuple",
    "Type": "type",
}
_TYPING_MODULES = {"typing", "typing_extensions", "t", "builtins"}
_DUNDER_KEPT = {"__init__", "__call__"}
DEPRECATED_ALIASES = "_DEPRECATED_ALIASES"


@dataclass(frozen=True)
class Param:
    """One parameter: kind is positional-only, positional, keyword-only, *args or **kwargs."""

    name: str
    kind: str
    required: bool
    annotation: str | None


@dataclass(frozen=True)
class Member:
    """A public name: class, function, method, property, field or attribute."""

    kind: str
    params: tuple[Param, ...] = ()
    annotation: str | None = None
    required: bool = False

    def signature(self) -> str:
        parts = [f"{p.name}{'' if p.required else '=...'}" for p in self.params]
        ann = f" -> {self.annotation}" if self.annotation else ""
        return f"({', '.join(parts)}){ann}" if self.kind in ("function", "method") else ann


@dataclass(frozen=True)
class ApiChange:
    """One difference between two surfaces; `id` is a `python-*` rule of the diff rule table."""

    id: str
    name: str
    message: str


Surface = dict[str, Member]

# --- annotations ------------------------------------------------------------------------------


class _Normalize(ast.NodeTransformer):
    """Spell equivalent annotations one way: `Optional[X]`, `Union[X, None]`, `X | None` alike."""

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.value, ast.Name) and node.value.id in _TYPING_MODULES:
            return ast.Name(_TYPING_ALIASES.get(node.attr, node.attr), ast.Load())
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(_TYPING_ALIASES.get(node.id, node.id), ast.Load())

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        head = node.value.id if isinstance(node.value, ast.Name) else None
        if head == "Optional":
            return _union([node.slice, ast.Constant(None)])
        if head == "Union":
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return _union(list(items))
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.BitOr):
            return _union([node.left, node.right])
        return node


def _union(items: list[ast.expr]) -> ast.expr:
    flat: dict[str, ast.expr] = {}
    stack = list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.BitOr):
            stack += [item.left, item.right]
        else:
            flat[ast.unparse(item)] = item
    ordered = [flat[k] for k in sorted(flat, key=lambda k: (k == "None", k))]
    result = ordered[0]
    for item in ordered[1:]:
        result = ast.BinOp(result, ast.BitOr(), item)
    return result


def annotation_text(node: ast.expr | None) -> str | None:
    """A canonical string for an annotation (string annotations are parsed first)."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text: str = node.value
        try:
            node = ast.parse(text, mode="eval").body
        except SyntaxError:
            return text
    return ast.unparse(_Normalize().visit(node))


# --- extraction -------------------------------------------------------------------------------


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
                    members.update(self.class_members(target[0], base_node, seen))
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


# --- comparison -------------------------------------------------------------------------------

_POSITIONAL = ("positional-only", "positional")


def _parent(name: str) -> str:
    return name.rpartition(".")[0]


def _compare_params(name: str, old: Member, new: Member) -> Iterable[ApiChange]:
    o_params, n_params = {p.name: p for p in old.params}, {p.name: p for p in new.params}
    o_pos = [p.name for p in old.params if p.kind in _POSITIONAL]
    n_pos = [p.name for p in new.params if p.kind in _POSITIONAL]
    for pname, param in o_params.items():
        if pname not in n_params and param.kind not in ("*args", "**kwargs"):
            yield ApiChange(
                "python-parameter-removed", name, f"`{name}`: parameter `{pname}` removed"
            )
    for pname, param in n_params.items():
        if pname in o_params or param.kind in ("*args", "**kwargs"):
            continue
        if param.required:
            yield ApiChange(
                "python-parameter-added-required",
                name,
                f"`{name}`: required parameter `{pname}` added",
            )
        else:
            yield ApiChange(
                "python-parameter-added", name, f"`{name}`: optional parameter `{pname}` added"
            )
    for pname in [p for p in o_params if p in n_params]:
        before, after = o_params[pname], n_params[pname]
        if before.required != after.required:
            rid = (
                "python-parameter-became-required"
                if after.required
                else ("python-parameter-became-optional")
            )
            state = "is now required" if after.required else "is now optional"
            yield ApiChange(rid, name, f"`{name}`: parameter `{pname}` {state}")
        narrowed = (before.kind in _POSITIONAL and after.kind not in _POSITIONAL) or (
            before.kind == "positional" and after.kind == "positional-only"
        )
        moved = pname in o_pos and pname in n_pos and o_pos.index(pname) != n_pos.index(pname)
        if narrowed or moved:
            detail = (
                f"moved from position {o_pos.index(pname) + 1} to {n_pos.index(pname) + 1}"
                if moved and not narrowed
                else f"changed from {before.kind} to {after.kind}"
            )
            yield ApiChange(
                "python-parameter-kind-changed", name, f"`{name}`: parameter `{pname}` {detail}"
            )
        if before.annotation != after.annotation and before.annotation and after.annotation:
            yield ApiChange(
                "python-type-changed",
                name,
                f"`{name}`: parameter `{pname}` type changed from "
                f"`{before.annotation}` to `{after.annotation}`",
            )


def _compare_member(name: str, old: Member, new: Member) -> Iterable[ApiChange]:
    if old.kind != new.kind:
        yield ApiChange(
            "python-type-changed", name, f"`{name}` changed from a {old.kind} to a {new.kind}"
        )
        return
    if old.annotation != new.annotation and (old.annotation or new.annotation):
        what = "return type" if old.kind in ("function", "method") else "type"
        yield ApiChange(
            "python-type-changed",
            name,
            f"`{name}`: {what} changed from `{old.annotation}` to `{new.annotation}`",
        )
    if old.kind == "field" and old.required != new.required:
        rid = "python-field-became-required" if new.required else "python-field-became-optional"
        state = "is now required" if new.required else "now has a default"
        yield ApiChange(rid, name, f"`{name}` {state}")
    if old.kind in ("function", "method"):
        yield from _compare_params(name, old, new)


def _deprecation_renames(old: Surface, new: Surface) -> dict[str, str]:
    """Old public path -> new public path, for names the new surface keeps as deprecated."""
    return {
        path: str(member.annotation)
        for path, member in new.items()
        if member.kind == "deprecated" and path in old and old[path].kind != "deprecated"
    }


def _follow_renames(old: Surface, renames: dict[str, str]) -> Surface:
    """The old surface with renamed classes' members and annotations under their new names."""
    if not renames:
        return old
    short = {a.rpartition(".")[2]: b.rpartition(".")[2] for a, b in renames.items()}
    word = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(short, key=len, reverse=True))) + r")\b"
    )

    def text(value: str | None) -> str | None:
        return word.sub(lambda m: short[m.group(1)], value) if value else value

    moved: Surface = {}
    for path, member in old.items():
        if path in renames:
            moved[path] = member  # compared by compare_surfaces as the rename itself
            continue
        for before, after in renames.items():
            if path.startswith(before + "."):
                path = after + path[len(before) :]
                break
        params = tuple(replace(p, annotation=text(p.annotation)) for p in member.params)
        moved[path] = replace(member, annotation=text(member.annotation), params=params)
    return moved


def compare_surfaces(old: Surface, new: Surface) -> list[ApiChange]:
    """Removed, renamed, added and changed public names between two surfaces, sorted."""
    deprecated = _deprecation_renames(old, new)
    old = _follow_renames(old, deprecated)
    changes: list[ApiChange] = [
        ApiChange(
            "python-renamed-deprecated",
            path,
            f"`{path}` renamed to `{target}`; the old name still imports (DeprecationWarning)",
        )
        for path, target in sorted(deprecated.items())
    ]
    targets = set(deprecated.values())
    removed = sorted(set(old) - set(new))
    added = sorted(n for n in set(new) - set(old) if n not in targets)
    renamed: dict[str, str] = {}
    for name in removed:
        candidates = [
            a
            for a in added
            if _parent(a) == _parent(name) and new[a] == old[name] and a not in renamed.values()
        ]
        rivals = [r for r in removed if _parent(r) == _parent(name) and old[r] == old[name]]
        if len(candidates) == 1 and len(rivals) == 1 and old[name].kind != "class":
            renamed[name] = candidates[0]
    gone = set(removed)
    for name in removed:
        if _parent(name) in gone:
            continue  # its class is reported once
        if name in renamed:
            changes.append(
                ApiChange("python-renamed", name, f"`{name}` renamed to `{renamed[name]}`")
            )
        else:
            changes.append(ApiChange("python-removed", name, f"{old[name].kind} `{name}` removed"))
    fresh = set(added)
    for name in added:
        if _parent(name) in fresh or name in renamed.values():
            continue
        changes.append(ApiChange("python-added", name, f"{new[name].kind} `{name}` added"))
    for name in sorted(set(old) & set(new)):
        if name not in deprecated:
            changes.extend(_compare_member(name, old[name], new[name]))
    return sorted(changes, key=lambda c: (c.name, c.id, c.message))
