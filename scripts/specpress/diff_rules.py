"""The wire-diff rule table: one entry per change kind, oasdiff-style ids, levels and direction.

Ids and default levels follow oasdiff (`checker/rules.go`) wherever oasdiff has the rule, so a
reader who knows oasdiff reads our reports without a glossary. Rules oasdiff lacks (servers,
operationId and parameter-location changes, security scheme edits, the Python API view) use the
same naming scheme. `docs/diff-rules.md` is generated from this table by `render_rules_markdown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["ERR", "WARN", "INFO"]
Direction = Literal["request", "response", "none"]
Bump = Literal["major", "minor", "patch", "none"]

LEVELS: tuple[Level, ...] = ("ERR", "WARN", "INFO")
LEVEL_RANK: dict[str, int] = {"INFO": 1, "WARN": 2, "ERR": 3}
BUMP_RANK: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}


@dataclass(frozen=True)
class Rule:
    """One kind of change: what it is called, how bad it is, and which side of the wire it hits."""

    id: str
    level: Level
    direction: Direction
    area: str
    example: str
    description: str


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
# (suffix, request level, response level, example, description). A facet becomes one rule per
# schema position below; the request and response levels mirror each other because what
# narrows a request breaks senders and what widens a response breaks readers.
_Facet = tuple[str, Level, Level, str, str]

# fmt: off
_FACETS: tuple[_Facet, ...] = (
    ("type-changed", "ERR", "ERR", "`type: integer` -> `type: string`", "type or format changed"),
    ("type-generalized", "INFO", "ERR", "`type: integer` -> `type: number` (or a format dropped)",
     "the type now admits more values"),
    ("type-specialized", "ERR", "INFO", "`type: number` -> `type: integer` (or a format added)",
     "the type now admits fewer values"),
    ("became-nullable", "INFO", "ERR", "`type: string` -> `type: [string, 'null']`",
     "null became allowed (clients reading it must now handle null)"),
    ("became-not-nullable", "ERR", "INFO", "`anyOf: [{type: string}, {type: 'null'}]` -> "
     "`type: string`", "null is no longer allowed"),
    ("enum-value-added", "INFO", "WARN", "`enum: [a, b]` -> `enum: [a, b, c]`",
     "an enum value was added (in a response: INFO when clients are forward-compatible)"),
    ("enum-value-removed", "ERR", "INFO", "`enum: [a, b, c]` -> `enum: [a, b]`",
     "an enum value was removed"),
    ("became-enum", "ERR", "INFO", "`type: string` -> `enum: [a, b]`",
     "a free value became restricted to an enum"),
    ("pattern-added", "ERR", "INFO", "no `pattern` -> `pattern: '^[a-z]+$'`", "pattern introduced"),
    ("pattern-removed", "INFO", "INFO", "`pattern: '^[a-z]+$'` -> no `pattern`", "pattern dropped"),
    ("pattern-changed", "WARN", "INFO", "`pattern: '^[a-z]+$'` -> `pattern: '^[a-z0-9]+$'`",
     "pattern changed (cannot tell whether it is wider or narrower)"),
    ("default-value-added", "INFO", "INFO", "no `default` -> `default: 10`", "default introduced"),
    ("default-value-removed", "INFO", "INFO", "`default: 10` -> no `default`", "default dropped"),
    ("default-value-changed", "INFO", "INFO", "`default: 10` -> `default: 20`", "default changed"),
    ("one-of-added", "INFO", "ERR", "`oneOf: [A, B]` -> `oneOf: [A, B, C]`",
     "a oneOf variant was added"),
    ("one-of-removed", "ERR", "INFO", "`oneOf: [A, B, C]` -> `oneOf: [A, B]`",
     "a oneOf variant was removed"),
    ("any-of-added", "INFO", "INFO", "`anyOf: [A, B]` -> `anyOf: [A, B, C]`",
     "an anyOf variant was added"),
    ("any-of-removed", "ERR", "INFO", "`anyOf: [A, B, C]` -> `anyOf: [A, B]`",
     "an anyOf variant was removed"),
)
# fmt: on

# Numeric bounds: (keyword, facet name, is an upper bound, two sample values).
_BOUNDS = (
    ("maximum", "max", True, 50, 100),
    ("minimum", "min", False, 1, 5),
    ("maxLength", "max-length", True, 64, 255),
    ("minLength", "min-length", False, 1, 3),
    ("maxItems", "max-items", True, 10, 100),
    ("minItems", "min-items", False, 0, 1),
    ("exclusiveMaximum", "exclusive-max", True, 50, 100),
    ("exclusiveMinimum", "exclusive-min", False, 0, 5),
)


def _bound_facets() -> list[_Facet]:
    """Four facets per bound. Tightening (lower max, higher min, a new bound) narrows."""
    facets: list[_Facet] = []
    for keyword, facet, upper, low, high in _BOUNDS:
        tighten, loosen = ("decreased", "increased") if upper else ("increased", "decreased")
        before, after = (high, low) if upper else (low, high)
        facets += [
            (f"{facet}-{tighten}", "ERR", "INFO", f"`{keyword}: {before}` -> `{keyword}: {after}`",
             f"{keyword} {'lowered' if upper else 'raised'}"),
            (f"{facet}-{loosen}", "INFO", "ERR", f"`{keyword}: {after}` -> `{keyword}: {before}`",
             f"{keyword} {'raised' if upper else 'lowered'}"),
            (f"{facet}-set", "WARN", "INFO", f"no `{keyword}` -> `{keyword}: {after}`",
             f"{keyword} introduced"),
            (f"{facet}-unset", "INFO", "ERR", f"`{keyword}: {after}` -> no `{keyword}`",
             f"{keyword} dropped"),
        ]  # fmt: skip
    return facets


# Schema positions: rule-id prefix, direction, area, the subject used in examples.
SCHEMA_PREFIXES: tuple[tuple[str, Direction, str, str], ...] = (
    ("request-parameter", "request", "parameters", "query parameter `limit`"),
    ("request-body", "request", "request-body", "the request body"),
    ("request-property", "request", "request-body", "request property `task_name`"),
    ("response-body", "response", "responses", "the 200 response body"),
    ("response-property", "response", "responses", "response property `status`"),
)

# oasdiff rates every default change of a request *parameter* ERR: the server's behaviour for
# a client that omits the parameter changes under its feet.
_PARAMETER_DEFAULT_LEVEL: Level = "ERR"


def _schema_rules() -> list[Rule]:
    rules: list[Rule] = []
    for prefix, direction, area, subject in SCHEMA_PREFIXES:
        for suffix, req_level, resp_level, example, description in (*_FACETS, *_bound_facets()):
            level = req_level if direction == "request" else resp_level
            if prefix == "request-parameter" and suffix.startswith("default-value"):
                level = _PARAMETER_DEFAULT_LEVEL
            rules.append(
                Rule(
                    id=f"{prefix}-{suffix}",
                    level=level,
                    direction=direction,
                    area=area,
                    example=f"{subject}: {example}",
                    description=f"{subject.split(' `')[0].removeprefix('the ')}: {description}",
                )
            )
    return rules


def _r(
    rule_id: str, level: Level, direction: Direction, area: str, example: str, description: str
) -> Rule:
    return Rule(rule_id, level, direction, area, example, description)


# fmt: off
_STRUCTURAL: tuple[Rule, ...] = (
    # paths and operations
    _r("endpoint-added", "INFO", "none", "paths", "`POST /ai/tasks` added",
       "an operation was added"),
    _r("api-path-removed-without-deprecation", "ERR", "none", "paths",
       "path `/ai/legacy` (GET) removed, never deprecated",
       "a whole path was removed without being deprecated first"),
    _r("api-path-removed-with-deprecation", "INFO", "none", "paths",
       "path `/ai/legacy` removed; it was `deprecated: true` (or past its `x-sunset`)",
       "a deprecated path was removed, or removed after its sunset date"),
    _r("api-path-removed-before-sunset", "ERR", "none", "paths",
       "path `/ai/legacy` removed, `x-sunset: 2099-01-01` not reached",
       "a deprecated path was removed before its announced sunset date"),
    _r("api-removed-without-deprecation", "ERR", "none", "paths",
       "`DELETE /ai/tasks/{id}` removed, path kept",
       "an operation was removed without deprecation"),
    _r("api-removed-with-deprecation", "INFO", "none", "paths",
       "`DELETE /ai/tasks/{id}` removed; it was `deprecated: true`",
       "a deprecated operation was removed, or removed after its sunset date"),
    _r("api-removed-before-sunset", "ERR", "none", "paths",
       "`DELETE /ai/tasks/{id}` removed before its `x-sunset`",
       "a deprecated operation was removed before its announced sunset date"),
    _r("api-deprecated-sunset-parse", "ERR", "none", "paths",
       "`x-sunset: next spring` on a removed operation",
       "the `x-sunset` of a removed operation is not an RFC 3339 date"),
    _r("endpoint-deprecated", "INFO", "none", "paths", "`deprecated: true` set on `GET /ai/tasks`",
       "an operation was deprecated"),
    _r("endpoint-reactivated", "INFO", "none", "paths", "`deprecated: true` dropped",
       "an operation is no longer deprecated"),
    _r("api-operation-id-changed", "INFO", "none", "paths",
       "`operationId: get_task` -> `get_ai_task`",
       "operationId changed: the wire is unchanged, generated method names may not be (see --sdk)"),
    _r("api-operation-id-added", "INFO", "none", "paths",
       "no operationId -> `operationId: get_task`",
       "an operationId was added"),
    _r("api-operation-id-removed", "INFO", "none", "paths", "`operationId: get_task` dropped",
       "an operationId was removed"),
    _r("api-tag-added", "INFO", "none", "tags", "`tags: [AI]` -> `tags: [AI, Tasks]`",
       "an operation gained a tag (tags name SDK resources: see --sdk)"),
    _r("api-tag-removed", "INFO", "none", "tags", "`tags: [AI, Tasks]` -> `tags: [AI]`",
       "an operation lost a tag (tags name SDK resources: see --sdk)"),
    # parameters
    _r("new-required-request-parameter", "ERR", "request", "parameters",
       "query parameter `task_name` added with `required: true`", "a required parameter was added"),
    _r("new-optional-request-parameter", "INFO", "request", "parameters",
       "query parameter `limit` added", "an optional parameter was added"),
    _r("request-parameter-removed", "WARN", "request", "parameters",
       "query parameter `ordering` removed", "a parameter was removed (servers may reject it now)"),
    _r("request-parameter-removed-with-deprecation", "INFO", "request", "parameters",
       "query parameter `ordering` removed; it was `deprecated: true`",
       "a deprecated parameter was removed"),
    _r("request-parameter-became-required", "ERR", "request", "parameters",
       "query parameter `limit`: `required: false` -> `required: true`",
       "a parameter became required"),
    _r("request-parameter-became-optional", "INFO", "request", "parameters",
       "query parameter `limit`: `required: true` -> `required: false`",
       "a parameter became optional"),
    _r("request-parameter-location-changed", "ERR", "request", "parameters",
       "`task_id` moved from `in: query` to `in: path`",
       "a parameter kept its name but moved to another location"),
    _r("request-parameter-deprecated", "INFO", "request", "parameters",
       "query parameter `ordering`: `deprecated: true`", "a parameter was deprecated"),
    # request body
    _r("request-body-added-required", "ERR", "request", "request-body",
       "`POST /tasks` gains a required request body", "a required request body was added"),
    _r("request-body-added-optional", "INFO", "request", "request-body",
       "`POST /tasks` gains an optional request body", "an optional request body was added"),
    _r("request-body-removed", "ERR", "request", "request-body",
       "`POST /tasks` loses its request body", "the request body was removed"),
    _r("request-body-became-required", "ERR", "request", "request-body",
       "requestBody `required: false` -> `required: true`", "the request body became required"),
    _r("request-body-became-optional", "INFO", "request", "request-body",
       "requestBody `required: true` -> `required: false`", "the request body became optional"),
    _r("request-body-media-type-added", "INFO", "request", "request-body",
       "request body accepts `multipart/form-data` too", "a request media type was added"),
    _r("request-body-media-type-removed", "ERR", "request", "request-body",
       "request body no longer accepts `application/json`", "a request media type was removed"),
    _r("new-required-request-property", "ERR", "request", "request-body",
       "request property `task_name` added to `required`", "a required request property was added"),
    _r("new-optional-request-property", "INFO", "request", "request-body",
       "request property `language` added", "an optional request property was added"),
    _r("request-property-removed", "WARN", "request", "request-body",
       "request property `subtitles` removed",
       "a request property was removed (servers may reject it now)"),
    _r("request-property-became-required", "ERR", "request", "request-body",
       "request property `url` added to `required`", "a request property became required"),
    _r("request-property-became-optional", "INFO", "request", "request-body",
       "request property `url` dropped from `required`", "a request property became optional"),
    # responses
    _r("response-success-status-added", "INFO", "none", "responses", "`201` response added",
       "a 2xx response was added"),
    _r("response-success-status-removed", "ERR", "none", "responses", "`200` response removed",
       "a 2xx response was removed"),
    _r("response-non-success-status-added", "INFO", "none", "responses", "`422` response added",
       "a non-2xx response was added"),
    _r("response-non-success-status-removed", "INFO", "none", "responses",
       "`404` response removed", "a non-2xx response was removed"),
    _r("response-media-type-added", "INFO", "response", "responses",
       "200 response also offers `text/csv`", "a response media type was added"),
    _r("response-media-type-removed", "ERR", "response", "responses",
       "200 response no longer offers `application/json`", "a response media type was removed"),
    _r("response-required-property-added", "INFO", "response", "responses",
       "response property `created_at` added to `required`",
       "a required response property was added"),
    _r("response-optional-property-added", "INFO", "response", "responses",
       "response property `progress` added", "an optional response property was added"),
    _r("response-required-property-removed", "ERR", "response", "responses",
       "required response property `result` removed", "a required response property was removed"),
    _r("response-optional-property-removed", "WARN", "response", "responses",
       "optional response property `result` removed",
       "an optional response property was removed (clients reading it may break)"),
    _r("response-property-became-optional", "ERR", "response", "responses",
       "response property `status` dropped from `required`",
       "a response property may now be missing"),
    _r("response-property-became-required", "INFO", "response", "responses",
       "response property `status` added to `required`", "a response property is now always sent"),
    _r("required-response-header-removed", "ERR", "response", "responses",
       "required header `X-Request-Id` removed", "a required response header was removed"),
    _r("optional-response-header-removed", "WARN", "response", "responses",
       "header `Retry-After` removed", "an optional response header was removed"),
    _r("response-header-became-optional", "ERR", "response", "responses",
       "header `X-Request-Id`: `required: true` -> `required: false`",
       "a response header may now be missing"),
    # security
    _r("api-security-removed", "ERR", "none", "security",
       "`security: [{APIKey: []}]` -> `security: [{OAuth: []}]` (APIKey alternative gone)",
       "a security alternative was removed (or auth became mandatory)"),
    _r("api-security-added", "INFO", "none", "security",
       "`security: [{APIKey: []}]` -> `[{APIKey: []}, {OAuth: []}]`",
       "a security alternative was added"),
    _r("api-security-scope-added", "ERR", "none", "security",
       "`{OAuth: [read]}` -> `{OAuth: [read, write]}`", "a security requirement needs a new scope"),
    _r("api-security-scope-removed", "INFO", "none", "security",
       "`{OAuth: [read, write]}` -> `{OAuth: [read]}`",
       "a security requirement needs fewer scopes"),
    _r("api-security-component-added", "INFO", "none", "components",
       "`components.securitySchemes.OAuth` added", "a security scheme was added"),
    _r("api-security-component-removed", "INFO", "none", "components",
       "`components.securitySchemes.Legacy` removed", "a security scheme was removed"),
    _r("api-security-component-changed", "ERR", "none", "components",
       "`APIKey`: `in: header, name: X-Key` -> `name: Authorization`",
       "a security scheme changed type, location, header name or HTTP scheme"),
    # servers
    _r("api-server-added", "INFO", "none", "servers", "`servers` gains `https://eu.api.example`",
       "a server URL was added"),
    _r("api-server-removed", "WARN", "none", "servers", "`https://api.example/v1` removed",
       "a server URL was removed (a client's default base URL may stop working)"),
    # components
    _r("api-schema-added", "INFO", "none", "components", "`components.schemas.Task` added",
       "a named schema was added"),
    _r("api-schema-removed", "INFO", "none", "components", "`components.schemas.Legacy` removed",
       "a named schema was removed (operations that used it report their own changes)"),
)

# The Python API view (`specpress diff --sdk`): produced by `apisurface.compare_surfaces`.
_PYTHON: tuple[Rule, ...] = (
    _r("python-removed", "ERR", "none", "python", "`gcore_streaming_ai.AiTask` removed",
       "a public class, function, method or field is gone"),
    _r("python-renamed", "ERR", "none", "python", "`AiTasks.list_tasks` -> `AiTasks.list`",
       "a public name was renamed (same signature under a new name)"),
    _r("python-added", "INFO", "none", "python", "`AiTasks.wait` added",
       "a public class, function, method or field was added"),
    _r("python-parameter-removed", "ERR", "none", "python",
       "`AiTasks.list(ordering=...)` no longer accepts `ordering`", "a parameter is gone"),
    _r("python-parameter-added-required", "ERR", "none", "python",
       "`AiTasks.create(task_name)` gained required `task_name`", "a required parameter was added"),
    _r("python-parameter-added", "INFO", "none", "python",
       "`AiTasks.list(limit=None)` gained optional `limit`", "an optional parameter was added"),
    _r("python-parameter-became-required", "ERR", "none", "python",
       "`create(url=None)` -> `create(url)`", "a parameter lost its default"),
    _r("python-parameter-became-optional", "INFO", "none", "python",
       "`create(url)` -> `create(url=None)`", "a parameter gained a default"),
    _r("python-parameter-kind-changed", "ERR", "none", "python",
       "`get(task_id)` -> `get(*, task_id)`",
       "a parameter moved between positional and keyword-only, or changed position"),
    _r("python-type-changed", "ERR", "none", "python", "`AiTask.progress: int` -> `str`",
       "an annotation (parameter, return, field) changed"),
    _r("python-field-became-required", "ERR", "none", "python",
       "`AiTaskCreate.url: str | None = None` -> `url: str`", "a model field lost its default"),
    _r("python-field-became-optional", "INFO", "none", "python",
       "`AiTask.result: Result` -> `result: Result | None = None`",
       "a model field gained a default"),
)
# fmt: on

RULES: tuple[Rule, ...] = (*_schema_rules(), *_STRUCTURAL, *_PYTHON)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
if len(RULES_BY_ID) != len(RULES):  # pragma: no cover - guards edits to the table
    raise RuntimeError("duplicate rule id in the diff rule table")


def rule(rule_id: str) -> Rule:
    """The rule for an id; a KeyError here is a bug in the engine, not bad input."""
    return RULES_BY_ID[rule_id]


_AREA_TITLES = {
    "paths": "Paths and operations",
    "tags": "Tags",
    "parameters": "Parameters",
    "request-body": "Request bodies",
    "responses": "Responses",
    "security": "Security requirements",
    "servers": "Servers",
    "components": "Components",
    "python": "Python API (`--sdk`)",
}


def render_rules_markdown() -> str:
    """The body of docs/diff-rules.md: the prose head plus every rule, grouped by area."""
    lines = [_DOC_HEAD.strip(), ""]
    counts = {level: sum(1 for r in RULES if r.level == level) for level in LEVELS}
    lines.append(
        f"{len(RULES)} rules: {counts['ERR']} ERR, {counts['WARN']} WARN, {counts['INFO']} INFO."
    )
    for area, title in _AREA_TITLES.items():
        lines += [
            "",
            f"### {title}",
            "",
            "| id | level | direction | example | meaning |",
            "|---|---|---|---|---|",
        ]
        for r in RULES:
            if r.area == area:
                example = r.example.replace("|", "\\|")
                lines.append(
                    f"| `{r.id}` | {r.level} | {r.direction} | {example} | {r.description} |"
                )
    return "\n".join(lines) + "\n"


_DOC_HEAD = """
<!-- GENERATED by `python -m specpress.diff_rules` (scripts/specpress/diff_rules.py): do not edit.
     tests/test_diff.py fails when this file is out of date. -->
# `specpress diff`: wire and Python API changes

```
specpress diff OLD NEW [--format text|json|markdown|github] [--fail-on ERR|WARN|INFO]
                       [--rules FILE] [--forward-compatible] [--today YYYY-MM-DD] [--sdk API]
nox -s diff -- OLD NEW
```

Compares two OpenAPI 3.0/3.1 documents (YAML or JSON) and reports every change with an id, a level
and a location. Ids and default levels follow [oasdiff](https://github.com/oasdiff/oasdiff)
where oasdiff has the rule (it cannot be installed here; see
`shared/research/diff-overlay-contract.md`); the remaining ids use the same naming scheme.

## Levels, direction, semver

- **ERR**: breaks an existing client on the wire. **WARN**: may break one; a human decides.
  **INFO**: safe.
- Direction: requests and responses are contravariant. Narrowing what a request accepts
  (enum value removed, maxLength lowered, new required property) is ERR; widening it is INFO.
  Widening what a response may contain (enum value added, null allowed, maximum raised, property
  may be missing) is ERR or WARN; narrowing it is INFO.
- A response enum value added is WARN; with `--forward-compatible` (the generated clients keep
  unknown enum values as strings) it is INFO.
- Removing an operation or path is INFO when it was `deprecated: true` or its `x-sunset` date
  (RFC 3339 `YYYY-MM-DD`) has passed, ERR when it was removed before an announced `x-sunset`
  and ERR when it was never deprecated. "Today" is the current UTC date unless `--today` is given.
- `bump`: any ERR -> `major`; else any WARN or addition (`*-added`, `new-*`, `endpoint-added`,
  `*-became-optional`) -> `minor`; else any change -> `patch`; no change -> `none`.

## Matching

- Operations match by method and path with path-parameter names ignored
  (`/tasks/{task_id}` equals `/tasks/{id}`); path parameters match by position. Fragment path keys
  (`/streaming/ai/tasks#transcribe`) are distinct paths and are kept as written.
- `$ref`s are followed lazily in both documents (local refs; circular ones are cut when the same
  pair of schemas is met again). `allOf` members are merged; `anyOf`/`oneOf` of one schema plus
  `{type: 'null'}` is read as a nullable schema; other `anyOf`/`oneOf` variants match by their
  `$ref` name, else by position.
- Parameters match by `in` + `name` (header names case-insensitive); a name that moved to another
  `in` is `request-parameter-location-changed`.
- `readOnly` properties are ignored on the request side, `writeOnly` ones on the response side.

## Where a change is reported

- Each change is reported **once per affected operation** (`operation: "GET /streaming/ai/tasks"`).
  `location` is a JSON Pointer into the new document, or into the old one for removals; for a
  change inside a shared schema it points into `/components/schemas/...`.
- Each change whose location lies under `/components/` is **also reported once under
  `operation: "components"`**, at the highest level any operation saw it, with the affected
  operations listed in the message. Readers of a long report find the root cause once there;
  `summary` counts every entry of `changes`, component entries included.
- Document-level changes (servers, security schemes, schemas added/removed) use
  `operation: "api"` or `"components"`.

## Output

`--format json` prints:

```json
{
  "changes": [
    {"id": "api-path-removed-without-deprecation", "level": "ERR",
     "operation": "GET /streaming/ai/tasks/{task_id}/x", "location": "/paths/~1streaming~1...",
     "message": "..."}
  ],
  "summary": {"ERR": 1, "WARN": 0, "INFO": 0},
  "bump": "major"
}
```

`changes` is sorted (api, then operations by path and method, then components; within each by
location and id) and byte-identical across runs. `text` is colored on a terminal only (and never
when `NO_COLOR` is set); `markdown` is a changelog / pull-request section; `github` prints
`::error`/`::warning`/`::notice` workflow annotations.

Exit codes: `1` when a change at or above `--fail-on` exists (no `--fail-on`: never), `0`
otherwise, `2` on bad input (missing or unreadable file, invalid YAML/JSON, not an OpenAPI 3.x
document, bad flag, bad rules file).

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
Streaming documents (~330 KB each) load in about 0.15 s and diff in about 0.05 s; ruamel.yaml's
pure-Python loader alone needs about 0.7 s per document.

## Rules
"""


def main() -> None:
    """Print the generated rules document (used to refresh docs/diff-rules.md)."""
    print(render_rules_markdown(), end="")


if __name__ == "__main__":
    main()
