"""Annotations spelled one way, so that equivalent spellings compare equal.

`Optional[X]`, `Union[X, None]` and `X | None` alike; `List` = `list`; string annotations are
parsed first.
"""

from __future__ import annotations

import ast

_TYPING_ALIASES = {
    "List": "list",
    "Dict": "dict",
    "Set": "set",
    "FrozenSet": "frozenset",
    "Tuple": "tuple",
    "Type": "type",
}
_TYPING_MODULES = {"typing", "typing_extensions", "t", "builtins"}


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
