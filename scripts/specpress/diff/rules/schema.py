"""Schema facets: one kind of schema change, one rule per schema position it applies to.

A facet such as `enum-value-added` becomes `request-body-enum-value-added`,
`request-property-enum-value-added`, `response-property-enum-value-added`, ... with a level
per position (the direction decides: narrowing a request or widening a response breaks).
"""

from __future__ import annotations

from dataclasses import dataclass

from specpress.diff.rules.base import Direction, Level, Rule

# A facet is one kind of schema change; it becomes one rule per schema position it applies to.
# Positions: rb/rp = request body / request property (anything nested: properties, items,
# allOf members, ...), sb/sp = response body / property, pa/pp = request parameter / a property
# of an object parameter, hd = response header. A level with a trailing `*` is a rule of ours
# that oasdiff lacks at that position (oasdiff reports only the breaking direction of most
# response bounds, and bounds on array lengths only for parameters).


POSITIONS: dict[str, tuple[str, Direction, str, str]] = {
    # key: (id prefix, direction, area, subject used in examples)
    "rb": ("request-body", "request", "request-body", "the request body"),
    "rp": ("request-property", "request", "request-body", "request property `task_name`"),
    "sb": ("response-body", "response", "responses", "the 200 response body"),
    "sp": ("response-property", "response", "responses", "response property `status`"),
    "pa": ("request-parameter", "request", "parameters", "query parameter `limit`"),
    "pp": ("request-parameter-property", "request", "parameters",
           "property `a` of query parameter `filter`"),
    "hd": ("response-header", "response", "responses", "header `X-Rate-Limit` of response 200"),
}  # fmt: skip


@dataclass(frozen=True)
class Facet:
    suffix: str
    kind: str
    levels: dict[str, str]  # position -> level (`*`: ours only)
    example: str
    description: str


def _f(suffix: str, kind: str, levels: str, example: str, description: str) -> Facet:
    """`levels` is `"rb=ERR rp=ERR sb=INFO*"`: compact, one line per facet."""
    parsed = dict(item.split("=", 1) for item in levels.split())
    return Facet(suffix, kind, parsed, example, description)


def _bound_levels(request: str, response: str, oasdiff_at: str) -> str:
    """Levels of a bound facet at the body and parameter positions (`*`: oasdiff lacks it)."""
    known = oasdiff_at.split()
    return " ".join(
        f"{pos}={request if pos in ('rb', 'rp', 'pa') else response}{'' if pos in known else '*'}"
        for pos in ("rb", "rp", "pa", "sb", "sp")
    )


def _bounds() -> list[Facet]:
    """Numeric bounds: lowering a maximum or raising a minimum narrows what is accepted."""
    facets: list[Facet] = []
    # keyword, facet name, upper bound?, oasdiff positions for (tighten, loosen, set, unset)
    table = (
        ("maximum", "max", "rb rp pa", "rb rp pa sb sp", "rb rp pa", ""),
        ("exclusiveMaximum", "exclusive-max", "rb rp pa", "rb rp pa sb sp", "rb rp pa", ""),
        ("minimum", "min", "rb rp pa", "rb rp pa sb sp", "rb rp pa", ""),
        ("exclusiveMinimum", "exclusive-min", "rb rp pa", "rb rp pa sb sp", "rb rp pa", ""),
        ("maxLength", "max-length", "rb rp pa", "rb rp pa sb sp", "rb rp pa", "sb sp"),
        ("maxItems", "max-items", "pa", "pa", "", ""),
    )
    for keyword, name, tighten_at, loosen_at, set_at, unset_at in table:
        upper = keyword.startswith(("max", "exclusiveMax"))
        tighten, loosen = ("decreased", "increased") if upper else ("increased", "decreased")
        low, high = (10, 100) if "Length" in keyword or "Items" in keyword else (1, 50)
        before, after = (high, low) if upper else (low, high)

        facets += [
            _f(f"{name}-{tighten}", "constraints", _bound_levels("ERR", "INFO", tighten_at),
               f"`{keyword}: {before}` -> `{keyword}: {after}`",
               f"{keyword} {'lowered' if upper else 'raised'} (accepts fewer values)"),
            _f(f"{name}-{loosen}", "constraints", _bound_levels("INFO", "ERR", loosen_at),
               f"`{keyword}: {after}` -> `{keyword}: {before}`",
               f"{keyword} {'raised' if upper else 'lowered'} (accepts more values)"),
            _f(f"{name}-set", "constraints", _bound_levels("WARN", "INFO", set_at),
               f"no `{keyword}` -> `{keyword}: {after}`", f"{keyword} introduced"),
            _f(f"{name}-unset", "constraints", _bound_levels("INFO", "ERR", unset_at),
               f"`{keyword}: {after}` -> no `{keyword}`", f"{keyword} dropped"),
        ]  # fmt: skip
    # minLength and minItems default to 0: adding one is an increase, dropping one a decrease
    for keyword, name, tighten_at, loosen_at in (
        ("minLength", "min-length", "rb rp pa", "rb rp pa sb sp"),
        ("minItems", "min-items", "rb rp pa", "pa sb sp"),
    ):
        facets += [
            _f(f"{name}-increased", "constraints", _bound_levels("ERR", "INFO", tighten_at),
               f"`{keyword}: 1` -> `{keyword}: 3` (or a new `{keyword}`)",
               f"{keyword} raised (accepts fewer values)"),
            _f(f"{name}-decreased", "constraints", _bound_levels("INFO", "ERR", loosen_at),
               f"`{keyword}: 3` -> `{keyword}: 1` (or `{keyword}` dropped)",
               f"{keyword} lowered (accepts more values)"),
        ]  # fmt: skip
    return facets


# fmt: off
FACETS: tuple[Facet, ...] = (
    # type
    _f("type-changed", "type", "rb=ERR rp=ERR sb=ERR sp=ERR pa=ERR pp=WARN hd=ERR",
       "`type: integer` -> `type: string`",
       "type or format changed incompatibly (a parameter property: WARN, its serialization "
       "decides)"),
    _f("type-generalized", "type", "rb=INFO rp=INFO sb=ERR sp=ERR pa=INFO pp=INFO hd=ERR",
       "`type: integer` -> `type: number`, or a format dropped",
       "the type now admits more values"),
    _f("type-specialized", "type", "sb=INFO sp=INFO pp=ERR hd=INFO",
       "`type: number` -> `type: integer`, or a format added",
       "the type now admits fewer values"),
    _f("type-compatible", "type", "rb=INFO rp=INFO sb=INFO sp=INFO hd=INFO",
       "`type: integer` -> `type: string` in `text/plain`",
       "the type changed, but the media type is not strongly typed"),
    _f("list-of-types-widened", "type", "rb=INFO rp=INFO sb=ERR sp=ERR pa=INFO pp=INFO",
       "`type: string` -> `oneOf: [{type: string}, {type: integer}]`",
       "a type was added to a list of types (`oneOf`/`anyOf` of plain types)"),
    _f("list-of-types-narrowed", "type", "rb=ERR rp=ERR sb=INFO sp=INFO pa=ERR pp=ERR",
       "`anyOf: [{type: string}, {type: integer}]` -> `type: string`",
       "a type was removed from a list of types"),
    _f("content-media-type-changed", "type", "rb=ERR rp=ERR sb=ERR sp=ERR",
       "`contentMediaType: image/png` -> `image/jpeg`", "contentMediaType changed"),
    _f("content-encoding-changed", "type", "rb=ERR rp=ERR sb=ERR sp=ERR",
       "`contentEncoding: base64` -> `base32`", "contentEncoding changed"),
    # nullability
    _f("became-nullable", "requiredness",
       "rb=INFO rp=INFO sb=ERR sp=ERR pa=INFO pp=INFO hd=ERR",
       "`type: string` -> `type: [string, 'null']` (or `oneOf: [{type: 'null'}, X]`)",
       "null became allowed (clients reading it must now handle null)"),
    _f("became-not-nullable", "requiredness",
       "rb=ERR rp=ERR sb=INFO sp=INFO pa=ERR pp=ERR hd=INFO",
       "`type: [string, 'null']` -> `type: string`", "null is no longer allowed"),
    # values
    _f("enum-value-added", "values", "rp=INFO sp=WARN pa=INFO pp=INFO rb=INFO* sb=WARN*",
       "`enum: [a, b]` -> `enum: [a, b, c]`",
       "an enum value was added (in a response: INFO with `--forward-compatible`)"),
    _f("enum-value-removed", "values", "rb=ERR rp=ERR sp=INFO pa=ERR pp=ERR",
       "`enum: [a, b, c]` -> `enum: [a, b]`", "an enum value was removed"),
    _f("became-enum", "values", "rb=ERR rp=ERR pa=ERR sb=INFO* sp=INFO*",
       "`type: string` -> `enum: [a, b]`", "a free value became restricted to an enum"),
    _f("x-extensible-enum-value-removed", "values", "rp=ERR pa=ERR",
       "`x-extensible-enum: [a, b]` -> `[a]`", "an x-extensible-enum value was removed"),
    _f("default-value-added", "values", "rb=INFO rp=INFO sb=INFO sp=INFO pa=ERR",
       "no `default` -> `default: 10`",
       "default introduced (a parameter: ERR, servers now assume it for clients that omit it)"),
    _f("default-value-removed", "values", "rb=INFO rp=INFO sb=INFO sp=INFO pa=ERR",
       "`default: 10` -> no `default`", "default dropped"),
    _f("default-value-changed", "values", "rb=INFO rp=INFO sb=INFO sp=INFO pa=ERR",
       "`default: 10` -> `default: 20`", "default changed"),
    _f("const-added", "values", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "no `const` -> `const: v1`", "const introduced"),
    _f("const-removed", "values", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`const: v1` -> no `const`", "const dropped"),
    _f("const-changed", "values", "rb=ERR rp=ERR sb=ERR sp=ERR",
       "`const: v1` -> `const: v2`", "const changed"),
    # constraints
    _f("pattern-added", "constraints", "rp=ERR sp=INFO pa=ERR rb=ERR* sb=INFO*",
       "no `pattern` -> `pattern: '^[a-z]+$'`", "pattern introduced"),
    _f("pattern-removed", "constraints", "rp=INFO sp=INFO pa=INFO rb=INFO* sb=INFO*",
       "`pattern: '^[a-z]+$'` -> no `pattern`", "pattern dropped"),
    _f("pattern-changed", "constraints", "rp=WARN sp=INFO pa=WARN rb=WARN* sb=INFO*",
       "`pattern: '^[a-z]+$'` -> `pattern: '^[a-z0-9]+$'`",
       "pattern changed (cannot tell whether it is wider or narrower)"),
    _f("pattern-generalized", "constraints", "rp=INFO pa=INFO rb=INFO*",
       "`pattern: '^[a-z]+$'` -> `pattern: '.*'`", "pattern changed to `.*`"),
    *_bounds(),
    _f("min-contains-increased", "constraints", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`minContains: 1` -> `minContains: 2`", "minContains raised"),
    _f("min-contains-decreased", "constraints", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`minContains: 2` -> `minContains: 1`", "minContains lowered"),
    _f("max-contains-increased", "constraints", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`maxContains: 2` -> `maxContains: 3`", "maxContains raised"),
    _f("max-contains-decreased", "constraints", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`maxContains: 3` -> `maxContains: 2`", "maxContains lowered"),
    _f("pattern-property-added", "constraints", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`patternProperties` gains `^x-`", "a patternProperties entry was added"),
    _f("pattern-property-removed", "constraints", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`patternProperties` loses `^x-`", "a patternProperties entry was removed"),
    # structure
    _f("one-of-added", "structure", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`oneOf: [A, B]` -> `oneOf: [A, B, C]`", "a oneOf variant was added"),
    _f("one-of-removed", "structure", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`oneOf: [A, B, C]` -> `oneOf: [A, B]`", "a oneOf variant was removed"),
    _f("any-of-added", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "`anyOf: [A, B]` -> `anyOf: [A, B, C]`", "an anyOf variant was added"),
    _f("any-of-removed", "structure", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`anyOf: [A, B, C]` -> `anyOf: [A, B]`", "an anyOf variant was removed"),
    _f("any-of-became-one-of", "structure", "rb=WARN* rp=WARN* sb=INFO* sp=INFO*",
       "`anyOf: [A, B]` -> `oneOf: [A, B]`",
       "anyOf became oneOf over the same members (a value matching several is now refused)"),
    _f("one-of-became-any-of", "structure", "rb=INFO* rp=INFO* sb=WARN* sp=WARN*",
       "`oneOf: [A, B]` -> `anyOf: [A, B]`",
       "oneOf became anyOf over the same members (a response may now match several)"),
    _f("all-of-added", "structure", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`allOf: [A]` -> `allOf: [A, B]`", "an allOf member was added (more constraints)"),
    _f("all-of-removed", "structure", "rb=WARN rp=WARN sb=INFO sp=INFO",
       "`allOf: [A, B]` -> `allOf: [A]`", "an allOf member was removed"),
    _f("all-of-added-annotation-only", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "`allOf: [A]` -> `allOf: [A, {description: x}]`",
       "an allOf member that constrains nothing was added"),
    _f("all-of-removed-annotation-only", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "`allOf: [A, {description: x}]` -> `allOf: [A]`",
       "an allOf member that constrains nothing was removed"),
    _f("discriminator-added", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "no `discriminator` -> `discriminator: {propertyName: kind}`", "discriminator added"),
    _f("discriminator-removed", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "`discriminator` dropped", "discriminator removed"),
    _f("discriminator-property-name-changed", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "`propertyName: kind` -> `propertyName: type`", "discriminator property changed"),
    _f("discriminator-mapping-added", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "`mapping` gains `c: '#/components/schemas/C'`", "discriminator mapping added"),
    _f("discriminator-mapping-deleted", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "`mapping` loses `c`", "discriminator mapping removed"),
    _f("discriminator-mapping-changed", "structure", "rb=INFO rp=INFO sb=INFO sp=INFO",
       "`mapping.c` points to another schema", "discriminator mapping changed"),
    _f("prefix-items-added", "structure", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`prefixItems: [A]` -> `[A, B]`", "a prefixItems entry was added"),
    _f("prefix-items-removed", "structure", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`prefixItems: [A, B]` -> `[A]`", "a prefixItems entry was removed"),
    *(
        _f(f"{word}-added", "structure", "rb=ERR rp=ERR sb=INFO sp=INFO",
           f"no `{keyword}` -> `{keyword}: {{...}}`", f"`{keyword}` introduced")
        for keyword, word in (("if", "if"), ("then", "then"), ("else", "else"),
                              ("contains", "contains"), ("propertyNames", "property-names"),
                              ("unevaluatedItems", "unevaluated-items"),
                              ("unevaluatedProperties", "unevaluated-properties"))
    ),
    *(
        _f(f"{word}-removed", "structure", "rb=INFO rp=INFO sb=ERR sp=ERR",
           f"`{keyword}: {{...}}` -> no `{keyword}`", f"`{keyword}` dropped")
        for keyword, word in (("if", "if"), ("then", "then"), ("else", "else"),
                              ("contains", "contains"), ("propertyNames", "property-names"),
                              ("unevaluatedItems", "unevaluated-items"),
                              ("unevaluatedProperties", "unevaluated-properties"))
    ),
    _f("dependent-required-added", "structure", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`dependentRequired` gains `card: [cvv]`", "a dependentRequired entry was added"),
    _f("dependent-required-removed", "structure", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`dependentRequired` loses `card`", "a dependentRequired entry was removed"),
    _f("dependent-required-changed", "structure", "rb=ERR rp=ERR sb=ERR sp=ERR",
       "`card: [cvv]` -> `card: [cvv, zip]`", "a dependentRequired entry changed"),
    _f("dependent-schema-added", "structure", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "`dependentSchemas` gains `card`", "a dependentSchemas entry was added"),
    _f("dependent-schema-removed", "structure", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`dependentSchemas` loses `card`", "a dependentSchemas entry was removed"),
    _f("content-schema-added", "existence", "rb=ERR rp=ERR sb=INFO sp=INFO",
       "no `contentSchema` -> `contentSchema: {...}`", "contentSchema introduced"),
    _f("content-schema-removed", "existence", "rb=INFO rp=INFO sb=ERR sp=ERR",
       "`contentSchema` dropped", "contentSchema dropped"),
    _f("wrapped-in-one-of", "structure", "rb=ERR sb=ERR",
       "`{properties: ...}` -> `oneOf: [{properties: ...}, {properties: ...}]`",
       "an object schema was wrapped into a oneOf of alternatives"),
    _f("media-type-schema-added", "existence", "rb=ERR sb=INFO",
       "`application/json: {}` -> `application/json: {schema: ...}`",
       "a media type gained a schema"),
    _f("media-type-schema-removed", "existence", "rb=INFO sb=WARN",
       "`application/json: {schema: ...}` -> `application/json: {}`",
       "a media type lost its schema"),
)
# fmt: on


def schema_rules() -> list[Rule]:
    rules: list[Rule] = []
    for facet in FACETS:
        for pos, spec in facet.levels.items():
            prefix, direction, area, subject = POSITIONS[pos]
            ours_only = spec.endswith("*")
            level: Level = spec.rstrip("*")  # type: ignore[assignment]
            rule_id = f"{prefix}-{facet.suffix}"
            noun = subject.split(" `")[0].removeprefix("the ")
            rules.append(
                Rule(
                    rule_id,
                    level,
                    direction,
                    area,
                    f"{subject}: {facet.example}",
                    f"{noun}: {facet.description}",
                    facet.kind,
                    None if ours_only else rule_id,
                )
            )
    return rules
