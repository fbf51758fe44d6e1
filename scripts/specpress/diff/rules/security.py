"""Security requirements and schemes, servers, component schemas, and what no rule judges."""

from __future__ import annotations

from specpress.diff.rules.base import Rule, row

# fmt: off
SECURITY: tuple[Rule, ...] = (
    row("api-security-removed", "INFO", "none", "security",
        "`security: [{APIKey: []}, {OAuth: []}]` -> `[{OAuth: []}]`",
        "an operation's security alternative was removed (clients using it are locked out "
        "unless anonymous access remains; `--severity-levels` can raise it to err)", "existence"),
    row("api-security-added", "INFO", "none", "security",
        "`security: [{APIKey: []}]` -> `[{APIKey: []}, {OAuth: []}]`",
        "an operation's security alternative was added", "existence"),
    row("api-security-scope-added", "INFO", "none", "security",
        "`{OAuth: [read]}` -> `{OAuth: [read, write]}`",
        "an operation's security requirement needs a new scope (tokens without it are refused; "
        "`--severity-levels` can raise it to err)", "constraints"),
    row("api-security-scope-removed", "INFO", "none", "security",
        "`{OAuth: [read, write]}` -> `{OAuth: [read]}`",
        "an operation's security requirement needs fewer scopes", "constraints"),
    row("api-global-security-removed", "INFO", "none", "security",
        "top-level `security: [{APIKey: []}, {OAuth: []}]` -> `[{OAuth: []}]`",
        "a document-wide security alternative was removed (as `api-security-removed`)",
        "existence"),
    row("api-global-security-added", "INFO", "none", "security",
        "top-level `security` gains `{OAuth: []}`",
        "a document-wide security alternative was added", "existence"),
    row("api-global-security-scope-added", "INFO", "none", "security",
        "top-level `{OAuth: [read]}` -> `{OAuth: [read, write]}`",
        "a document-wide security requirement needs a new scope", "constraints"),
    row("api-global-security-scope-removed", "INFO", "none", "security",
        "top-level `{OAuth: [read, write]}` -> `{OAuth: [read]}`",
        "a document-wide security requirement needs fewer scopes", "constraints"),
    row("api-anonymous-access-removed", "ERR", "none", "security",
        "no `security` (or `security: [{}]`) -> `security: [{APIKey: []}]`, here or top-level",
        "an operation that accepted unauthenticated calls no longer does (top-level and "
        "operation `security` taken together)", "existence", oasdiff=None),
    row("api-security-component-added", "INFO", "none", "components",
        "`components.securitySchemes.OAuth` added", "a security scheme was added", "existence"),
    row("api-security-component-removed", "INFO", "none", "components",
        "`components.securitySchemes.Legacy` removed", "a security scheme was removed",
        "existence"),
    row("api-security-component-type-changed", "INFO", "none", "components",
        "`APIKey`: `type: apiKey` -> `type: http`", "a security scheme changed its type", "type"),
    row("api-security-component-oauth-url-changed", "INFO", "none", "components",
        "`OAuth.flows.implicit.authorizationUrl` changed",
        "an OAuth implicit flow's authorization URL changed"),
    row("api-security-component-oauth-token-url-changed", "INFO", "none", "components",
        "`OAuth.flows.implicit.tokenUrl` changed", "an OAuth implicit flow's token URL changed"),
    row("api-security-component-oauth-scope-added", "INFO", "none", "components",
        "`OAuth.flows.implicit.scopes` gains `write`", "an OAuth scope was added"),
    row("api-security-component-oauth-scope-removed", "INFO", "none", "components",
        "`OAuth.flows.implicit.scopes` loses `write`", "an OAuth scope was removed"),
    row("api-security-component-oauth-scope-changed", "INFO", "none", "components",
        "`OAuth.flows.implicit.scopes.write` description changed",
        "an OAuth scope's description changed"),
    row("api-security-component-changed", "ERR", "none", "components",
        "`APIKey`: `in: header, name: X-Key` -> `name: Authorization`",
        "a security scheme changed location, header name, HTTP scheme or bearer format",
        oasdiff=None),
    # servers
    row("api-server-added", "INFO", "none", "servers", "`servers` gains `https://eu.api.example`",
        "a server URL was added", oasdiff=None),
    row("api-server-removed", "INFO", "none", "servers", "`https://api.example/v1` removed",
        "a server URL was removed (a client's default base URL may stop working; oasdiff treats "
        "servers as deployment metadata and reports nothing)", oasdiff=None),
    # components
    row("api-schema-added", "INFO", "none", "components", "`components.schemas.Task` added",
        "a named schema was added", oasdiff=None),
    row("api-schema-removed", "INFO", "none", "components", "`components.schemas.Legacy` removed",
        "a named schema was removed (operations that used it report their own changes)"),
    # what the engine cannot judge
    row("unsupported-change", "INFO", "none", "schemas",
        "`multipleOf: 5` -> `multipleOf: 3`",
        "a schema keyword changed that no rule judges (`multipleOf`, `uniqueItems`, `not`, ...): "
        "reported with its pointer so that nothing passes silently", oasdiff=None),
)
# fmt: on
