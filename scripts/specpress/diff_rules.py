"""The wire-diff rule table: one entry per change kind, with oasdiff's id, level and direction.

Ids, levels and kinds follow oasdiff (`checker/rules.go`) wherever oasdiff has the rule, so a
report, a severity file or an ignore list written for oasdiff reads the same here. Every row
says how it maps: `oasdiff_id` is oasdiff's id (the row's own id for almost every row; another
id when the row is a finer split of ours, whose changes then carry oasdiff's id and the finer
one as `detail_id`), or None for a rule oasdiff does not have (servers, security scheme edits,
response-side bounds it does not report, the Python API view). A row whose level deliberately
differs from oasdiff's names oasdiff's level and the reason. `docs/diff-rules.md` is generated
from this table by `render_rules_markdown`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["ERR", "WARN", "INFO"]
Direction = Literal["request", "response", "none"]
Bump = Literal["major", "minor", "patch", "none"]

LEVELS: tuple[Level, ...] = ("ERR", "WARN", "INFO")
LEVEL_RANK: dict[str, int] = {"INFO": 1, "WARN": 2, "ERR": 3}
BUMP_RANK: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}

SAME = "="  # shorthand in the tables below: oasdiff has this rule under the same id


@dataclass(frozen=True)
class Rule:
    """One kind of change: what it is called, how bad it is, and which side of the wire it hits.

    `kind` is oasdiff's taxonomy (type, values, constraints, structure, existence,
    requiredness, mutability, lifecycle, none); a recognized schema transition (a nullable
    wrap, a list of types) claims the raw findings of the kinds it explains.
    """

    id: str
    level: Level
    direction: Direction
    area: str
    example: str
    description: str
    kind: str = "none"
    oasdiff_id: str | None = None
    oasdiff_level: Level | None = None  # set only where we deliberately differ
    note: str = ""  # why we differ (level or semantics)

    @property
    def public_id(self) -> str:
        """The id a change of this rule is reported under: oasdiff's where it has one."""
        return self.oasdiff_id or self.id


def bump_for_level(rule_id: str, level: str) -> Bump:
    """Semver impact of one change: breaking is major, additions minor, everything else patch.

    WARN ("may break a client") is minor: the wire contract still holds, and the Python view
    (`--sdk`) raises it to major where the generated API really loses something.
    """
    if level == "ERR":
        return "major"
    if level == "WARN":
        return "minor"
    additive = ("-added", "endpoint-added", "new-", "-became-optional", "-widened")
    if any(part in rule_id for part in additive):
        return "minor"
    return "patch"


# --- schema facets ------------------------------------------------------------------------
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


def _schema_rules() -> list[Rule]:
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


def _r(
    rule_id: str,
    level: Level,
    direction: Direction,
    area: str,
    example: str,
    description: str,
    kind: str = "none",
    oasdiff: str | None = SAME,
    oasdiff_level: Level | None = None,
    note: str = "",
) -> Rule:
    """A hand-written row; `oasdiff=SAME` (default) means oasdiff has it under the same id."""
    mapped = rule_id if oasdiff == SAME else oasdiff
    return Rule(rule_id, level, direction, area, example, description, kind, mapped,
                oasdiff_level, note)  # fmt: skip


_LIFECYCLE_NOTE = (
    "sunset dates are judged against --today; notice periods from --deprecation-days-*"
)


def _deprecation_rules(prefix: str, direction: Direction, area: str, what: str) -> list[Rule]:
    """The deprecation / sunset family oasdiff has for properties (request and response)."""
    return [
        _r(f"{prefix}-deprecated", "INFO", direction, area, f"{what}: `deprecated: true`",
           f"{what} was deprecated without an `x-sunset`", "lifecycle"),
        _r(f"{prefix}-deprecated-with-sunset", "INFO", direction, area,
           f"{what}: `deprecated: true`, `x-sunset: 2027-01-01`",
           f"{what} was deprecated with a sunset date", "lifecycle"),
        _r(f"{prefix}-deprecated-sunset-missing", "ERR", direction, area,
           f"{what}: `deprecated: true`, no `x-sunset`, `--deprecation-days-stable 30`",
           f"{what} was deprecated without the `x-sunset` a deprecation policy requires",
           "lifecycle"),
        _r(f"{prefix}-deprecated-sunset-invalid", "ERR", direction, area,
           f"{what}: `x-sunset: next spring`",
           f"{what} was deprecated with an `x-sunset` that is not a date", "lifecycle"),
        _r(f"{prefix}-reactivated", "INFO", direction, area, f"{what}: `deprecated` dropped",
           f"{what} is no longer deprecated", "lifecycle"),
        _r(f"{prefix}-sunset-date-too-small", "ERR", direction, area,
           f"{what}: `x-sunset` 10 days away, policy 30 days",
           f"{what} was deprecated with less notice than the policy asks", "lifecycle"),
    ]  # fmt: skip


def _mutability_rules(direction: Direction, area: str) -> list[Rule]:
    """readOnly / writeOnly toggles on an existing property (oasdiff: all INFO but one)."""
    rules = []
    for required in ("optional", "required"):
        for flag, word in (("writeOnly", "write-only"), ("readOnly", "read-only")):
            for became in (word, f"not-{word}"):
                rule_id = f"{direction}-{required}-property-became-{became}"
                level: Level = "INFO"
                if rule_id == "response-required-property-became-not-write-only":
                    level = "WARN"  # a required field that was never sent starts arriving
                on = not became.startswith("not-")
                rules.append(
                    _r(rule_id, level, direction, area,
                       f"{required} {direction} property `token`: `{flag}: {str(on).lower()}`",
                       f"a {required} {direction} property "
                       f"{'became' if on else 'is no longer'} {flag}", "mutability")
                )  # fmt: skip
    return rules


# fmt: off
_STRUCTURAL: tuple[Rule, ...] = (
    # paths and operations
    _r("endpoint-added", "INFO", "none", "paths", "`POST /ai/tasks` added",
       "an operation was added", "existence"),
    _r("api-path-removed-without-deprecation", "ERR", "none", "paths",
       "path `/ai/legacy` (GET) removed, never deprecated",
       "a whole path was removed without being deprecated first", "existence"),
    _r("api-path-removed-with-deprecation", "INFO", "none", "paths",
       "path `/ai/legacy` removed; it was `deprecated: true`",
       "a deprecated path was removed (after its sunset date, if it had one)", "existence"),
    _r("api-path-removed-before-sunset", "ERR", "none", "paths",
       "path `/ai/legacy` removed, `x-sunset: 2099-01-01` not reached",
       "a deprecated path was removed before its announced sunset date", "existence"),
    _r("api-path-sunset-parse", "ERR", "none", "paths",
       "removed `deprecated: true` operation with `x-sunset: next spring`",
       "the `x-sunset` of a removed deprecated operation (or of a changed one) is not a date",
       "lifecycle"),
    _r("api-removed-without-deprecation", "ERR", "none", "paths",
       "`DELETE /ai/tasks/{id}` removed, path kept",
       "an operation was removed without deprecation", "existence"),
    _r("api-removed-with-deprecation", "INFO", "none", "paths",
       "`DELETE /ai/tasks/{id}` removed; it was `deprecated: true`",
       "a deprecated operation was removed (after its sunset date, if it had one)", "existence"),
    _r("api-removed-before-sunset", "ERR", "none", "paths",
       "`DELETE /ai/tasks/{id}` removed before its `x-sunset`",
       "a deprecated operation was removed before its announced sunset date", "existence"),
    _r("endpoint-deprecated", "INFO", "none", "paths", "`deprecated: true` set on `GET /ai/tasks`",
       "an operation was deprecated (no `x-sunset`, no policy)", "lifecycle"),
    _r("endpoint-deprecated-with-sunset", "INFO", "none", "paths",
       "`deprecated: true` and `x-sunset: 2027-01-01` set on `GET /ai/tasks`",
       "an operation was deprecated with a sunset date", "lifecycle"),
    _r("endpoint-reactivated", "INFO", "none", "paths", "`deprecated: true` dropped",
       "an operation is no longer deprecated", "lifecycle"),
    _r("api-deprecated-sunset-parse", "ERR", "none", "paths",
       "`deprecated: true`, `x-sunset: next spring`",
       "an operation was deprecated with an `x-sunset` that is not a date", "lifecycle"),
    _r("api-deprecated-sunset-missing", "ERR", "none", "paths",
       "`deprecated: true`, no `x-sunset`, `--deprecation-days-stable 30`",
       "an operation was deprecated without the `x-sunset` a deprecation policy requires",
       "lifecycle"),
    _r("api-sunset-date-too-small", "ERR", "none", "paths",
       "`x-sunset` 10 days away, `--deprecation-days-stable 30`",
       "an operation was deprecated with less notice than the policy asks", "lifecycle"),
    _r("sunset-deleted", "ERR", "none", "paths", "deprecated operation loses its `x-sunset`",
       "the `x-sunset` of a deprecated operation was removed", "lifecycle"),
    _r("api-sunset-date-changed-too-small", "ERR", "none", "paths",
       "`x-sunset: 2027-06-01` -> `2027-01-01`, 10 days away",
       "a sunset date was moved earlier, to less notice than the policy asks", "lifecycle"),
    _r("api-invalid-stability-level", "ERR", "none", "paths", "`x-stability-level: experimental`",
       "`x-stability-level` is not one of draft, alpha, beta, stable", "lifecycle"),
    _r("api-stability-decreased", "ERR", "none", "paths",
       "`x-stability-level: stable` -> `beta`", "an operation's stability level went down",
       "lifecycle"),
    _r("api-stability-increased", "INFO", "none", "paths",
       "`x-stability-level: beta` -> `stable`", "an operation's stability level went up",
       "lifecycle"),
    _r("api-operation-id-changed", "INFO", "none", "paths",
       "`operationId: get_task` -> `get_ai_task`",
       "operationId changed: the wire is unchanged, generated method names may not be (see "
       "--sdk)", "none", oasdiff="api-operation-id-removed",
       note="oasdiff reports a changed operationId as removed; ours names the change"),
    _r("api-operation-id-added", "INFO", "none", "paths",
       "no operationId -> `operationId: get_task`", "an operationId was added"),
    _r("api-operation-id-removed", "INFO", "none", "paths", "`operationId: get_task` dropped",
       "an operationId was removed"),
    _r("api-tag-added", "INFO", "none", "tags", "`tags: [AI]` -> `tags: [AI, Tasks]`",
       "an operation gained a tag (tags name SDK resources: see --sdk)"),
    _r("api-tag-removed", "INFO", "none", "tags", "`tags: [AI, Tasks]` -> `tags: [AI]`",
       "an operation lost a tag (tags name SDK resources: see --sdk)"),
    _r("webhook-added", "INFO", "none", "paths", "`webhooks.taskDone` added",
       "a webhook was added", "existence"),
    _r("webhook-removed", "ERR", "none", "paths", "`webhooks.taskDone` removed",
       "a webhook was removed", "existence"),
    # parameters
    _r("new-required-request-parameter", "ERR", "request", "parameters",
       "query parameter `task_name` added with `required: true`",
       "a required parameter was added", "existence"),
    _r("new-optional-request-parameter", "INFO", "request", "parameters",
       "query parameter `limit` added", "an optional parameter was added", "existence"),
    _r("new-request-path-parameter", "ERR", "request", "parameters",
       "`/tasks` -> `/tasks/{id}` under the same operation",
       "a path parameter was added", "existence"),
    _r("new-required-request-default-parameter-to-existing-path", "ERR", "request", "parameters",
       "path-level `parameters` gains required `tenant`",
       "a required parameter was added to every operation of a path", "existence"),
    _r("new-optional-request-default-parameter-to-existing-path", "INFO", "request",
       "parameters", "path-level `parameters` gains optional `trace`",
       "an optional parameter was added to every operation of a path", "existence"),
    _r("request-parameter-removed", "WARN", "request", "parameters",
       "query parameter `ordering` removed",
       "a parameter was removed (servers may reject it now)", "existence"),
    _r("request-parameter-removed-with-deprecation", "INFO", "request", "parameters",
       "query parameter `ordering` removed; it was `deprecated: true`",
       "a deprecated parameter was removed", "existence"),
    _r("request-parameter-removed-before-sunset", "ERR", "request", "parameters",
       "deprecated parameter removed before its `x-sunset`",
       "a deprecated parameter was removed before its sunset date", "existence"),
    _r("request-parameter-sunset-parse", "ERR", "request", "parameters",
       "deprecated parameter with `x-sunset: soon`",
       "the `x-sunset` of a parameter is not a date", "lifecycle"),
    _r("request-parameter-became-required", "ERR", "request", "parameters",
       "query parameter `limit`: `required: false` -> `required: true`",
       "a parameter became required", "requiredness"),
    _r("request-parameter-became-optional", "INFO", "request", "parameters",
       "query parameter `limit`: `required: true` -> `required: false`",
       "a parameter became optional", "requiredness"),
    _r("request-parameter-deprecated", "INFO", "request", "parameters",
       "query parameter `ordering`: `deprecated: true`", "a parameter was deprecated",
       "lifecycle"),
    _r("request-parameter-reactivated", "INFO", "request", "parameters",
       "query parameter `ordering`: `deprecated` dropped", "a parameter is no longer deprecated",
       "lifecycle"),
    _r("request-parameter-deprecated-sunset-missing", "ERR", "request", "parameters",
       "`deprecated: true`, no `x-sunset`, `--deprecation-days-stable 30`",
       "a parameter was deprecated without the `x-sunset` a policy requires", "lifecycle"),
    _r("request-parameter-sunset-date-too-small", "ERR", "request", "parameters",
       "`x-sunset` 10 days away, policy 30 days",
       "a parameter was deprecated with less notice than the policy asks", "lifecycle"),
    _r("request-parameter-sunset-deleted", "ERR", "request", "parameters",
       "deprecated parameter loses its `x-sunset`",
       "the `x-sunset` of a deprecated parameter was removed", "lifecycle"),
    _r("request-parameter-sunset-date-changed-too-small", "ERR", "request", "parameters",
       "parameter `x-sunset` moved earlier, 10 days away",
       "a parameter's sunset date was moved earlier, to less notice than the policy asks",
       "lifecycle"),
    _r("request-header-property-became-enum", "ERR", "request", "parameters",
       "header parameter `X-Meta` (object): property `kind` gains `enum`",
       "a header parameter (or one of its properties) became restricted to an enum", "values"),
    _r("request-header-property-became-required", "ERR", "request", "parameters",
       "header parameter `X-Meta` (object): property `kind` added to `required`",
       "a property of an object header parameter became required", "requiredness"),
    _r("new-required-request-header-property", "ERR", "request", "parameters",
       "header parameter `X-Meta` (object) gains required property `kind`",
       "a required property was added to an object header parameter", "existence"),
    # request body
    _r("request-body-added-required", "ERR", "request", "request-body",
       "`POST /tasks` gains a required request body", "a required request body was added",
       "existence"),
    _r("request-body-added-optional", "INFO", "request", "request-body",
       "`POST /tasks` gains an optional request body", "an optional request body was added",
       "existence"),
    _r("request-body-removed", "ERR", "request", "request-body",
       "`POST /tasks` loses its request body", "the request body was removed", "existence"),
    _r("request-body-became-required", "ERR", "request", "request-body",
       "requestBody `required: false` -> `required: true`", "the request body became required",
       "requiredness"),
    _r("request-body-became-optional", "INFO", "request", "request-body",
       "requestBody `required: true` -> `required: false`", "the request body became optional",
       "requiredness"),
    _r("request-body-media-type-added", "INFO", "request", "request-body",
       "request body accepts `multipart/form-data` too", "a request media type was added",
       "existence"),
    _r("request-body-media-type-removed", "ERR", "request", "request-body",
       "request body no longer accepts `application/json`", "a request media type was removed",
       "existence"),
    _r("new-required-request-property", "ERR", "request", "request-body",
       "request property `task_name` added to `required`", "a required request property was added",
       "existence"),
    _r("new-required-request-property-with-default", "ERR", "request", "request-body",
       "required request property `mode` with `default: fast` added",
       "a required request property with a default was added", "existence"),
    _r("new-optional-request-property", "INFO", "request", "request-body",
       "request property `language` added", "an optional request property was added",
       "existence"),
    _r("request-property-removed", "WARN", "request", "request-body",
       "request property `subtitles` removed",
       "a request property was removed (servers may reject it now)", "existence"),
    _r("request-property-became-required", "ERR", "request", "request-body",
       "request property `url` added to `required`", "a request property became required",
       "requiredness"),
    _r("request-property-became-required-with-default", "ERR", "request", "request-body",
       "request property `mode` (with a default) added to `required`",
       "a request property with a default became required", "requiredness"),
    _r("request-property-became-optional", "INFO", "request", "request-body",
       "request property `url` dropped from `required`", "a request property became optional",
       "requiredness"),
    _r("request-read-only-property-enum-value-removed", "INFO", "request", "request-body",
       "readOnly request property `status`: enum value removed",
       "an enum value of a readOnly property was removed (clients do not send it)", "values"),
    *(
        _r(f"request-read-only-property-{suffix}", "INFO", "request", "request-body",
           f"readOnly request property `id`: {example}",
           "a bound of a readOnly property was tightened (clients do not send it)",
           "constraints")
        for suffix, example in (("max-decreased", "`maximum` lowered"),
                                ("exclusive-max-decreased", "`exclusiveMaximum` lowered"),
                                ("max-length-decreased", "`maxLength` lowered"),
                                ("min-increased", "`minimum` raised"),
                                ("exclusive-min-increased", "`exclusiveMinimum` raised"))
    ),
    *_deprecation_rules("request-property", "request", "request-body", "request property"),
    _r("request-property-stability-decreased", "ERR", "request", "request-body",
       "request property `x`: `x-stability-level: stable` -> `beta`",
       "a request property's stability level went down", "lifecycle"),
    _r("request-property-stability-increased", "INFO", "request", "request-body",
       "request property `x`: `x-stability-level: beta` -> `stable`",
       "a request property's stability level went up", "lifecycle"),
    *_mutability_rules("request", "request-body"),
    # responses
    _r("response-success-status-added", "INFO", "none", "responses", "`201` response added",
       "a 2xx response was added", "existence"),
    _r("response-success-status-removed", "ERR", "none", "responses", "`200` response removed",
       "a 2xx response was removed", "existence"),
    _r("response-non-success-status-added", "INFO", "none", "responses", "`422` response added",
       "a non-2xx response was added", "existence"),
    _r("response-non-success-status-removed", "INFO", "none", "responses",
       "`404` response removed", "a non-2xx response was removed", "existence"),
    _r("response-media-type-added", "INFO", "response", "responses",
       "200 response also offers `text/csv`", "a response media type was added", "existence"),
    _r("response-media-type-removed", "ERR", "response", "responses",
       "200 response no longer offers `application/json`", "a response media type was removed",
       "existence"),
    _r("response-mediatype-enum-value-removed", "INFO", "response", "responses",
       "the 200 response body: `enum: [a, b]` -> `enum: [a]`",
       "an enum value of a whole response body was removed", "values"),
    _r("response-required-property-added", "INFO", "response", "responses",
       "response property `created_at` added to `required`",
       "a required response property was added", "existence"),
    _r("response-optional-property-added", "INFO", "response", "responses",
       "response property `progress` added", "an optional response property was added",
       "existence"),
    _r("response-required-property-removed", "ERR", "response", "responses",
       "required response property `result` removed", "a required response property was removed",
       "existence"),
    _r("response-optional-property-removed", "WARN", "response", "responses",
       "optional response property `result` removed",
       "an optional response property was removed (clients reading it may break)", "existence"),
    *(
        _r(f"response-{req}-write-only-property-{what}", "INFO", "response", "responses",
           f"writeOnly {req} response property `password` {what}",
           f"a writeOnly (never sent) {req} response property was {what}", "existence")
        for req in ("required", "optional") for what in ("added", "removed")
    ),
    _r("response-property-became-optional", "ERR", "response", "responses",
       "response property `status` dropped from `required`",
       "a response property may now be missing", "requiredness"),
    _r("response-property-became-required", "INFO", "response", "responses",
       "response property `status` added to `required`", "a response property is now always sent",
       "requiredness"),
    _r("response-write-only-property-became-optional", "INFO", "response", "responses",
       "writeOnly response property `password` dropped from `required`",
       "a writeOnly (never sent) response property became optional", "requiredness"),
    _r("response-write-only-property-became-required", "INFO", "response", "responses",
       "writeOnly response property `password` added to `required`",
       "a writeOnly (never sent) response property became required", "requiredness"),
    _r("response-write-only-property-enum-value-added", "INFO", "response", "responses",
       "writeOnly response property `mode`: enum value added",
       "an enum value of a writeOnly (never sent) response property was added", "values"),
    *_deprecation_rules("response-property", "response", "responses", "response property"),
    _r("response-property-stability-decreased", "ERR", "response", "responses",
       "response property `x`: `x-stability-level: stable` -> `beta`",
       "a response property's stability level went down", "lifecycle"),
    _r("response-property-stability-increased", "INFO", "response", "responses",
       "response property `x`: `x-stability-level: beta` -> `stable`",
       "a response property's stability level went up", "lifecycle"),
    *_mutability_rules("response", "responses"),
    _r("response-header-added", "INFO", "response", "responses",
       "200 response gains header `X-Request-Id`", "a response header was added", "existence"),
    _r("required-response-header-removed", "ERR", "response", "responses",
       "required header `X-Request-Id` removed", "a required response header was removed",
       "existence"),
    _r("optional-response-header-removed", "WARN", "response", "responses",
       "header `Retry-After` removed", "an optional response header was removed", "existence"),
    _r("response-header-became-optional", "ERR", "response", "responses",
       "header `X-Request-Id`: `required: true` -> `required: false`",
       "a response header may now be missing", "requiredness"),
    # security
    _r("api-security-removed", "INFO", "none", "security",
       "`security: [{APIKey: []}, {OAuth: []}]` -> `[{OAuth: []}]`",
       "an operation's security alternative was removed (clients using it are locked out "
       "unless anonymous access remains; `--severity-levels` can raise it to err)", "existence"),
    _r("api-security-added", "INFO", "none", "security",
       "`security: [{APIKey: []}]` -> `[{APIKey: []}, {OAuth: []}]`",
       "an operation's security alternative was added", "existence"),
    _r("api-security-scope-added", "INFO", "none", "security",
       "`{OAuth: [read]}` -> `{OAuth: [read, write]}`",
       "an operation's security requirement needs a new scope (tokens without it are refused; "
       "`--severity-levels` can raise it to err)", "constraints"),
    _r("api-security-scope-removed", "INFO", "none", "security",
       "`{OAuth: [read, write]}` -> `{OAuth: [read]}`",
       "an operation's security requirement needs fewer scopes", "constraints"),
    _r("api-global-security-removed", "INFO", "none", "security",
       "top-level `security: [{APIKey: []}, {OAuth: []}]` -> `[{OAuth: []}]`",
       "a document-wide security alternative was removed (as `api-security-removed`)",
       "existence"),
    _r("api-global-security-added", "INFO", "none", "security",
       "top-level `security` gains `{OAuth: []}`",
       "a document-wide security alternative was added", "existence"),
    _r("api-global-security-scope-added", "INFO", "none", "security",
       "top-level `{OAuth: [read]}` -> `{OAuth: [read, write]}`",
       "a document-wide security requirement needs a new scope", "constraints"),
    _r("api-global-security-scope-removed", "INFO", "none", "security",
       "top-level `{OAuth: [read, write]}` -> `{OAuth: [read]}`",
       "a document-wide security requirement needs fewer scopes", "constraints"),
    _r("api-anonymous-access-removed", "ERR", "none", "security",
       "no `security` (or `security: [{}]`) -> `security: [{APIKey: []}]`, here or top-level",
       "an operation that accepted unauthenticated calls no longer does (top-level and "
       "operation `security` taken together)", "existence", oasdiff=None),
    _r("api-security-component-added", "INFO", "none", "components",
       "`components.securitySchemes.OAuth` added", "a security scheme was added", "existence"),
    _r("api-security-component-removed", "INFO", "none", "components",
       "`components.securitySchemes.Legacy` removed", "a security scheme was removed",
       "existence"),
    _r("api-security-component-type-changed", "INFO", "none", "components",
       "`APIKey`: `type: apiKey` -> `type: http`", "a security scheme changed its type", "type"),
    _r("api-security-component-oauth-url-changed", "INFO", "none", "components",
       "`OAuth.flows.implicit.authorizationUrl` changed",
       "an OAuth implicit flow's authorization URL changed"),
    _r("api-security-component-oauth-token-url-changed", "INFO", "none", "components",
       "`OAuth.flows.implicit.tokenUrl` changed", "an OAuth implicit flow's token URL changed"),
    _r("api-security-component-oauth-scope-added", "INFO", "none", "components",
       "`OAuth.flows.implicit.scopes` gains `write`", "an OAuth scope was added"),
    _r("api-security-component-oauth-scope-removed", "INFO", "none", "components",
       "`OAuth.flows.implicit.scopes` loses `write`", "an OAuth scope was removed"),
    _r("api-security-component-oauth-scope-changed", "INFO", "none", "components",
       "`OAuth.flows.implicit.scopes.write` description changed",
       "an OAuth scope's description changed"),
    _r("api-security-component-changed", "ERR", "none", "components",
       "`APIKey`: `in: header, name: X-Key` -> `name: Authorization`",
       "a security scheme changed location, header name, HTTP scheme or bearer format",
       oasdiff=None),
    # servers
    _r("api-server-added", "INFO", "none", "servers", "`servers` gains `https://eu.api.example`",
       "a server URL was added", oasdiff=None),
    _r("api-server-removed", "INFO", "none", "servers", "`https://api.example/v1` removed",
       "a server URL was removed (a client's default base URL may stop working; oasdiff treats "
       "servers as deployment metadata and reports nothing)", oasdiff=None),
    # components
    _r("api-schema-added", "INFO", "none", "components", "`components.schemas.Task` added",
       "a named schema was added", oasdiff=None),
    _r("api-schema-removed", "INFO", "none", "components", "`components.schemas.Legacy` removed",
       "a named schema was removed (operations that used it report their own changes)"),
    # what the engine cannot judge
    _r("unsupported-change", "INFO", "none", "schemas",
       "`multipleOf: 5` -> `multipleOf: 3`",
       "a schema keyword changed that no rule judges (`multipleOf`, `uniqueItems`, `not`, ...): "
       "reported with its pointer so that nothing passes silently", oasdiff=None),
)

# The Python API view (`specpress diff --sdk`): produced by `apisurface.compare_surfaces`.
_PYTHON: tuple[Rule, ...] = (
    _r("python-removed", "ERR", "none", "python", "`gcore_streaming_ai.AiTask` removed",
       "a public class, function, method or field is gone", oasdiff=None),
    _r("python-renamed", "ERR", "none", "python", "`AiTasks.list_tasks` -> `AiTasks.list`",
       "a public name was renamed (same signature under a new name)", oasdiff=None),
    _r("python-renamed-deprecated", "WARN", "none", "python",
       "`models.AiTaskBase` -> `models.AITask` (old name kept)",
       "a public name was renamed and the old one still imports, with a DeprecationWarning "
       "(code keeps working; move before the alias is dropped)", oasdiff=None),
    _r("python-added", "INFO", "none", "python", "`AiTasks.wait` added",
       "a public class, function, method or field was added", oasdiff=None),
    _r("python-parameter-removed", "ERR", "none", "python",
       "`AiTasks.list(ordering=...)` no longer accepts `ordering`", "a parameter is gone",
       oasdiff=None),
    _r("python-parameter-added-required", "ERR", "none", "python",
       "`AiTasks.create(task_name)` gained required `task_name`", "a required parameter was added",
       oasdiff=None),
    _r("python-parameter-added", "INFO", "none", "python",
       "`AiTasks.list(limit=None)` gained optional `limit`", "an optional parameter was added",
       oasdiff=None),
    _r("python-parameter-became-required", "ERR", "none", "python",
       "`create(url=None)` -> `create(url)`", "a parameter lost its default", oasdiff=None),
    _r("python-parameter-became-optional", "INFO", "none", "python",
       "`create(url)` -> `create(url=None)`", "a parameter gained a default", oasdiff=None),
    _r("python-parameter-kind-changed", "ERR", "none", "python",
       "`get(task_id)` -> `get(*, task_id)`",
       "a parameter moved between positional and keyword-only, or changed position", oasdiff=None),
    _r("python-type-changed", "ERR", "none", "python", "`AiTask.progress: int` -> `str`",
       "an annotation (parameter, return, field) changed", oasdiff=None),
    _r("python-field-became-required", "ERR", "none", "python",
       "`AiTaskCreate.url: str | None = None` -> `url: str`", "a model field lost its default",
       oasdiff=None),
    _r("python-field-became-optional", "INFO", "none", "python",
       "`AiTask.result: Result` -> `result: Result | None = None`",
       "a model field gained a default", oasdiff=None),
)
# fmt: on

RULES: tuple[Rule, ...] = (*_schema_rules(), *_STRUCTURAL, *_PYTHON)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
if len(RULES_BY_ID) != len(RULES):  # pragma: no cover - guards edits to the table
    raise RuntimeError("duplicate rule id in the diff rule table")
OASDIFF_IDS: frozenset[str] = frozenset(r.oasdiff_id for r in RULES if r.oasdiff_id)
# every id a user may name in a rules, severity or ignore file: ours and the oasdiff ones
KNOWN_IDS: frozenset[str] = frozenset(RULES_BY_ID) | OASDIFF_IDS


def rule(rule_id: str) -> Rule:
    """The rule for an id; a KeyError here is a bug in the engine, not bad input."""
    return RULES_BY_ID[rule_id]


def rules_for_public_id(public_id: str) -> Iterable[Rule]:
    return (r for r in RULES if r.public_id == public_id)


_AREA_TITLES = {
    "paths": "Paths and operations",
    "tags": "Tags",
    "parameters": "Parameters",
    "request-body": "Request bodies",
    "responses": "Responses",
    "security": "Security requirements",
    "servers": "Servers",
    "components": "Components",
    "schemas": "Schemas the engine cannot judge",
    "python": "Python API (`--sdk`)",
}


def _oasdiff_cell(r: Rule) -> str:
    if r.oasdiff_id is None:
        return "—"
    cell = "same" if r.oasdiff_id == r.id else f"`{r.oasdiff_id}`"
    if r.oasdiff_level is not None:
        cell += f"; oasdiff: {r.oasdiff_level} ({r.note})"
    elif r.note:
        cell += f" ({r.note})"
    return cell


def render_rules_markdown() -> str:
    """The body of docs/diff-rules.md: the prose head plus every rule, grouped by area."""
    lines = [_DOC_HEAD.strip(), ""]
    counts = {level: sum(1 for r in RULES if r.level == level) for level in LEVELS}
    mapped = sum(1 for r in RULES if r.oasdiff_id is not None)
    lines.append(
        f"{len(RULES)} rules: {counts['ERR']} ERR, {counts['WARN']} WARN, {counts['INFO']} INFO; "
        f"{mapped} carry an oasdiff id ({len(OASDIFF_IDS)} distinct), "
        f"{sum(1 for r in RULES if r.oasdiff_level)} deliberately differ in level."
    )
    for area, title in _AREA_TITLES.items():
        lines += [
            "",
            f"### {title}",
            "",
            "| id | level | oasdiff | direction | example | meaning |",
            "|---|---|---|---|---|---|",
        ]
        for r in RULES:
            if r.area == area:
                example = r.example.replace("|", "\\|")
                lines.append(
                    f"| `{r.id}` | {r.level} | {_oasdiff_cell(r)} | {r.direction} | {example} "
                    f"| {r.description} |"
                )
    return "\n".join(lines) + "\n"


_DOC_HEAD = """
<!-- GENERATED by `python -m specpress.diff_rules` (scripts/specpress/diff_rules.py): do not edit.
     tests/test_diff.py fails when this file is out of date. -->
# `specpress diff`: wire and Python API changes

```
specpress diff OLD NEW [--format text|json|markdown|github|junit] [--fail-on ERR|WARN|INFO]
                       [--rules FILE] [--severity-levels FILE] [--ignore FILE]
                       [--forward-compatible] [--today YYYY-MM-DD] [--include-path-params]
                       [--deprecation-days-beta N] [--deprecation-days-stable N]
                       [--stability-level draft|alpha|beta|stable] [--sdk API]
nox -s diff -- OLD NEW
```

Compares two OpenAPI 3.0/3.1 documents (YAML or JSON) and reports every change with an id, a level
and a location. Ids, levels and semantics follow [oasdiff](https://github.com/oasdiff/oasdiff)'s
breaking-changes checker wherever oasdiff has the rule: the column `oasdiff` below says "same",
names oasdiff's id where a row of ours is a finer split of it, or "—" for a rule oasdiff lacks.
oasdiff's own checker tests run in our suite (`tests/test_diff_oasdiff.py`, score in the README);
where we deliberately differ, the row says why and `tests/oasdiff-differences.yaml` lists the
affected test cases.

## Levels, direction, semver

- **ERR**: breaks an existing client on the wire. **WARN**: may break one; a human decides.
  **INFO**: safe.
- Direction: requests and responses are contravariant. Narrowing what a request accepts
  (enum value removed, maxLength lowered, new required property) is ERR; widening it is INFO.
  Widening what a response may contain (enum value added, null allowed, maximum raised, property
  may be missing) is ERR or WARN; narrowing it is INFO.
- A response enum value added is WARN; with `--forward-compatible` (the generated clients keep
  unknown enum values as strings) it is INFO.
- Removing an operation or path is INFO when it was `deprecated: true` (and its `x-sunset`, if
  any, has passed), ERR when it was removed before its `x-sunset` and ERR when it was never
  deprecated. `x-sunset` is an RFC 3339 date (`YYYY-MM-DD` or a date-time); "today" is the current
  UTC date unless `--today` is given. With `--deprecation-days-beta N` / `--deprecation-days-stable
  N` a deprecation must announce an `x-sunset` at least N days away (by the operation's
  `x-stability-level`; draft and alpha need none).
- `x-stability-level` (draft, alpha, beta, stable; none means stable): operations below
  `--stability-level` (default beta, so draft and alpha) are left out of the comparison; a lower
  level than before is `api-stability-decreased`, an unknown value `api-invalid-stability-level`.
- `bump`: any ERR -> `major`; else any WARN or addition (`*-added`, `new-*`, `endpoint-added`,
  `*-became-optional`, `*-widened`) -> `minor`; else any change -> `patch`; no change -> `none`.

## Matching

- Operations match by method and path with path-parameter names ignored
  (`/tasks/{task_id}` equals `/tasks/{id}`) and path parameters match by position, so renaming
  one is not a change; `--include-path-params` makes the names part of the path (a rename is then
  a removed and an added operation). Fragment path keys (`/streaming/ai/tasks#transcribe`) are
  distinct paths and are kept as written.
- Parameters match by `in` + `name` (header names case-insensitive); path-level `parameters`
  apply to every operation of the path. A name that moved to another `in` is a removed and an
  added parameter, as in oasdiff. A form-exploded object parameter matches the plain parameters
  its properties replace.
- `$ref`s are followed lazily in both documents: local refs, and relative file refs inside the
  document's own tree (`specs/<api>/` for a vendored spec; anything else, `http(s):` or `file:`
  refs exit 2 with the file and pointer). Circular refs are cut when the same pair of schemas is
  met again.
- Schemas are compared keyword by keyword as oasdiff does: a change at the top of a body,
  parameter or header schema is `*-body-*` / `request-parameter-*` / `response-header-*`; any
  nested one (properties, `items`, `additionalProperties`, `allOf`/`anyOf`/`oneOf` members,
  `prefixItems`, `contains`, `if`/`then`/`else`, `dependentSchemas`, `patternProperties`,
  `propertyNames`, `unevaluated*`, `contentSchema`, `not`) is `*-property-*`.
  `allOf`/`anyOf`/`oneOf`/`prefixItems` members match by `$ref`, else by content, title, or as
  the single remaining pair. Three shape changes are read as one change each, not as their raw
  echoes: `X` -> `oneOf: [{type: 'null'}, X]` (or `anyOf`) is `*-became-nullable`; a single type
  <-> a `oneOf`/`anyOf` of plain types is `*-list-of-types-widened/narrowed`; an object wrapped
  into a `oneOf` of objects is `*-wrapped-in-one-of`. `allOf` is not flattened: a member added
  or removed is `*-all-of-added/removed`, a property inside one is reported at its member.
- `readOnly` properties are not judged on the request side, `writeOnly` ones have their own ids on
  the response side (oasdiff's `*-read-only-*` / `*-write-only-*` rules).
- A schema keyword that no rule judges (`multipleOf`, `uniqueItems`, `minProperties`, `not`,
  `$id`, ...) is reported as `unsupported-change` (INFO) with its pointer: nothing changes
  silently. Annotations (`description`, `title`, `example(s)`, `externalDocs`, `$comment`,
  other `x-` extensions) are not reported.

## Where we differ from oasdiff, on purpose

- Path-level `parameters` always apply to their operations (oasdiff: only with
  `--flatten-params`); header parameter names match case-insensitively.
- `anyOf: [X, {type: 'null'}]` is read as nullable X just like oasdiff's `oneOf` form, and an
  `anyOf` <-> `oneOf` switch over the same members is one change (`*-any-of-became-one-of`,
  `*-one-of-became-any-of`) instead of every member removed and added.
- A deprecated operation or parameter removed after its sunset is still reported (INFO
  `*-removed-with-deprecation`); oasdiff reports nothing.
- Rules of ours fill oasdiff's gaps (`—` in the table): the safe direction of response bounds,
  array-length bounds outside parameters, whole-body patterns and enum additions,
  `api-anonymous-access-removed` (top-level and operation `security` taken together),
  `api-security-component-changed`, servers, `api-schema-added`, `unsupported-change`. OAuth
  flows are compared for every flow type, not only `implicit`; a parameter described by
  `content` is compared through its schema.
- The oasdiff checker tests where this shows are listed, with reasons, in
  `tests/oasdiff-differences.yaml`.

## Where a change is reported

- Each change is reported **once per affected operation** (`operation: "GET /streaming/ai/tasks"`).
  `location` is a JSON Pointer into the new document, or into the old one for removals (for a
  node inside a referenced file: `file#pointer`); for a change inside a shared schema it points
  into `/components/schemas/...`.
- Each change whose location lies under `/components/` is **also reported once under
  `operation: "components"`**, at the highest level any operation saw it, with the affected
  operations listed in the message. Readers of a long report find the root cause once there;
  `summary` counts every entry of `changes`, component entries included.
- Document-level changes (servers, security, schemas added/removed, webhooks) use
  `operation: "api"` or `"components"`.

## Output

`--format json` prints:

```json
{
  "changes": [
    {"id": "api-path-removed-without-deprecation", "oasdiff_id":
     "api-path-removed-without-deprecation", "level": "ERR",
     "operation": "GET /streaming/ai/tasks/{task_id}/x", "location": "/paths/~1streaming~1...",
     "message": "..."}
  ],
  "summary": {"ERR": 1, "WARN": 0, "INFO": 0},
  "bump": "major"
}
```

`id` is oasdiff's id wherever oasdiff has the rule; `oasdiff_id` repeats it (null for a rule of
ours alone); `detail_id` is present when a finer rule of ours applies (`api-operation-id-changed`
under oasdiff's `api-operation-id-removed`). `changes` is sorted (api, then operations by path
and method, then components; within each by location and id) and byte-identical across runs.
`text` is colored on a terminal only (and never when `NO_COLOR` is set); `markdown` is a
changelog / pull-request section; `github` prints `::error`/`::warning`/`::notice` workflow
annotations; `junit` is a JUnit XML report (one test case per change, ERR and WARN as failures,
INFO as passed cases with the message in `system-out`) for CI test-report views.

Exit codes: `1` when a change at or above `--fail-on` exists (no `--fail-on`: never), `0`
otherwise, `2` on bad input (missing or unreadable file, invalid YAML/JSON, not an OpenAPI 3.x
document, a refused `$ref`, bad flag, bad rules, severity or ignore file).

## `--severity-levels FILE`

oasdiff's format: one `<id> <level>` per line, `level` one of `err`, `warn`, `info`, `none`
(`none` drops the change); `#` starts a comment. Ids are oasdiff's (or ours); an unknown id or
level exits 2 naming the line.

```
response-property-enum-value-added info   # our clients keep unknown values
api-path-removed-without-deprecation err
request-parameter-removed none
```

## `--ignore FILE`

oasdiff's format: one entry per line, `METHOD /path` followed by (part of) the change's text,
matched case-insensitively: a line ignores every change of that operation (path-parameter
names ignored) whose message, id or location contains the rest of the line. A line starting
with `#` is a comment; a line without a method and path exits 2.

```
GET /streaming/ai/tasks/{id} response property `result` removed
POST /tasks request-property-removed
```

## `--rules FILE`

```yaml
rules:
  - id: response-property-enum-value-added      # per rule id ...
    level: INFO                                 # ERR | WARN | INFO | ignore
    reason: our clients keep unknown enum values as strings
  - operation: DELETE /streaming/ai/tasks/{id}  # ... or per operation (path-param names ignored)
    level: ignore
    reason: removal agreed with the vendor, see ticket 123
  - id: api-path-removed-without-deprecation    # ... or both
    operation: GET /streaming/ai/tasks/{id}/legacy
    level: WARN
    reason: nobody calls it
```

Every entry needs a non-empty `reason` and a known `id` (a typo exits 2). The most specific entry
wins (id + operation, then operation, then id; later entries win ties). `ignore` drops the change.
Severity levels apply first, then the ignore file, then `--rules`.

## `--sdk API`

Regenerates the client package of `specs/API/sdk.yaml` from both documents into temporary
directories (`specpress.generate.generate_package`) and compares their public Python API
(`specpress.apisurface`, read with `ast`, never imported): the `python-*` rules below. Their
changes use `operation: "python"` and the dotted name as `location`.

- Public: a module path without `_`-prefixed parts; `__all__` when a module has one, else its
  public top-level definitions (and, in `__init__.py`, re-exports from inside the package).
- Classes list public methods (plus `__init__`/`__call__`), properties and annotated fields,
  inherited ones included. A class exported under several names (`pkg.Task`, `pkg.types.Task`)
  is listed under each name, its members only under the shortest.
- Annotations are compared after normalizing spellings (`Optional[X]` = `X | None`,
  `List` = `list`, string annotations parsed). A removed and an added name with the same parent
  and an identical signature, with no other candidate, is a rename.

## Loading and speed

YAML is read with libyaml (PyYAML's `CSafeLoader`, a dependency of the pinned generators) with
YAML 1.2 booleans and no timestamp type, so values read as ruamel.yaml's safe loader reads them;
without libyaml it falls back to ruamel.yaml's pure-Python safe loader. A document that expands
to more than 5 million nodes (alias bomb) or holds a recursive alias is refused. Two full Gcore
Streaming documents (~330 KB each) are loaded and diffed in well under 0.5 s (`nox -s bench`);
ruamel.yaml's pure-Python loader alone needs about 0.7 s per document.

## Rules
"""


def main() -> None:
    """Print the generated rules document (used to refresh docs/diff-rules.md)."""
    print(render_rules_markdown(), end="")


if __name__ == "__main__":
    main()
