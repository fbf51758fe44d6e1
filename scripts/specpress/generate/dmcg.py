"""The datamodel-code-generator command line: specpress's own options, and the user's.

Why a module: sdk.yaml ``generator.datamodel`` passes options through to the pinned
datamodel-code-generator (``{enum_field_as_literal: one}`` is ``--enum-field-as-literal one``;
``true`` adds a flag, ``false`` drops one of ours or gives its ``--no-`` form). They are checked
before anything is written, by datamodel-code-generator's own argument parser, so a bad option
is one error line naming the sdk.yaml key, never a traceback: an unknown name, a bad value, or
an option specpress sets itself because the package depends on it (the output shape, the base
classes, the templates, files and network access).
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specpress.errors import SpecpressError
from specpress.openapi.pointer import child
from specpress.pins import pinned

if TYPE_CHECKING:
    from specpress.config.model import SdkConfig

__all__ = ["OWN_OPTIONS", "datamodel_command", "file_header", "user_options"]

#: Options the package depends on (or that read files or the network): not for sdk.yaml.
OWN_OPTIONS = frozenset(
    {
        "input", "input-file-type", "output", "output-model-type", "target-python-version",
        "target-pydantic-version", "base-class", "base-class-map", "custom-template-dir",
        "extra-template-data", "additional-imports", "custom-file-header",
        "custom-file-header-path", "custom-file-header-mode", "disable-timestamp",
        "type-overrides", "type-mappings", "formatters", "no-formatters", "custom-formatters",
        "custom-formatters-kwargs", "use-type-alias", "use-type-alias-type", "url",
        "allow-remote-refs", "allow-private-network", "http-backend", "http-headers",
        "http-query-parameters", "http-ignore-tls", "http-timeout", "http-local-ref-path",
        "external-ref-mapping", "lockfile", "update-lock", "locked", "input-model",
        "input-model-ref-strategy", "validators", "import-overrides", "class-decorators",
        "openapi-scopes", "module-split-mode", "treat-dot-as-module", "output-format",
        "check", "diff-against", "watch", "watch-delay", "profile", "job", "all-jobs",
        "ignore-pyproject", "generate-pyproject-config", "generate-cli-command", "version",
        "debug", "encoding", "schema-version", "generate-server", "generate-client",
    }
)  # fmt: skip

#: specpress's own choices of the options a user may change, in the order they are passed.
_DEFAULTS: tuple[tuple[str, str | bool | list[str]], ...] = (
    ("naming-strategy", "parent-prefixed"),
    ("use-annotated", True),
    ("field-constraints", True),
    ("snake-case-field", True),
    ("remove-special-field-name-prefix", True),
    ("enum-field-as-literal", "all"),
    ("use-union-operator", True),
    ("use-standard-collections", True),
    ("use-double-quotes", True),
    ("use-schema-description", True),
    ("use-field-description", True),
)


def _actions() -> dict[str, Any]:
    """datamodel-code-generator's argparse actions by option name (without ``--``)."""
    from datamodel_code_generator.arguments import arg_parser

    found: dict[str, Any] = {}
    for action in arg_parser._actions:
        for option in action.option_strings:
            if option.startswith("--"):
                found[option[2:]] = action
    return found


def _argv(option: str, value: Any, action: Any) -> list[str]:
    if isinstance(value, bool):
        if value:
            return [f"--{option}"]
        negative = f"--no-{option}"
        return [negative] if negative in action.option_strings else []
    if isinstance(value, list):
        return [f"--{option}", *(str(v) for v in value)]
    return [f"--{option}", str(value)]


def user_options(config: SdkConfig) -> list[tuple[str, Any]]:
    """specpress's choices overridden by sdk.yaml ``generator.datamodel``, checked: an error
    names the key (file and pointer) and says what is wrong."""
    where = child(config.generator.where, "datamodel")
    actions = _actions()
    merged = dict(_DEFAULTS)
    for option, value in config.generator.datamodel:
        at = child(where, option.replace("-", "_"))
        if option in OWN_OPTIONS or option.removeprefix("no-") in OWN_OPTIONS:
            raise SpecpressError(
                f"--{option} is set by specpress (the package depends on it)",
                file=config.source,
                location=at,
            )
        action = actions.get(option)
        if action is None:
            raise SpecpressError(
                f"datamodel-code-generator {pinned('datamodel-code-generator')} has no option "
                f"--{option}",
                file=config.source,
                location=at,
            )
        takes_value = action.nargs != 0
        if takes_value == isinstance(value, bool):
            expected = "a value" if takes_value else "true or false"
            raise SpecpressError(f"--{option} takes {expected}", file=config.source, location=at)
        problem = _parse_error(_argv(option, value, action))
        if problem:
            raise SpecpressError(problem, file=config.source, location=at)
        merged[option] = value
    return list(merged.items())


def _parse_error(argv: list[str]) -> str | None:
    """datamodel-code-generator's own complaint about some options, or None."""
    from datamodel_code_generator.arguments import arg_parser

    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            arg_parser.parse_args(["--input", "x.json", *argv])
    except SystemExit:
        lines = [ln for ln in stderr.getvalue().splitlines() if "error:" in ln]
        return lines[-1].split("error:", 1)[1].strip() if lines else "invalid option"
    return None


def file_header() -> str:
    """The first line of ``_schemas.py`` (also of the empty one a document without schemas gets)."""
    return (
        "# Generated by specpress with datamodel-code-generator "
        f"{pinned('datamodel-code-generator')} from the patched spec. Do not edit."
    )


def datamodel_command(
    config: SdkConfig,
    options: list[tuple[str, Any]],
    *,
    input_path: Path,
    target: Path,
    extra_path: Path,
    templates: Path,
    base_map: dict[str, str],
    type_overrides: dict[str, str],
) -> list[str]:
    """The whole command line for one package's models."""
    actions = _actions()
    header = file_header()
    cmd = [
        sys.executable, "-m", "datamodel_code_generator",
        "--input", str(input_path), "--input-file-type", "openapi", "--output", str(target),
        "--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.11",
        "--target-pydantic-version", "2.14", "--disable-timestamp",
        "--custom-file-header", header,
    ]  # fmt: skip
    for option, value in options:
        cmd += _argv(option, value, actions[option])
    cmd += [
        "--use-type-alias",
        "--base-class", f"{config.package.import_name}._models.BaseModel",
        "--base-class-map", json.dumps(base_map, sort_keys=True),
        "--custom-template-dir", str((templates / "datamodel").resolve()),
        "--extra-template-data", str(extra_path),
        "--additional-imports",
        "typing.Any,typing.Self,pydantic.Discriminator,pydantic.Tag,pydantic.model_validator",
        "--no-formatters",
        # Wire values must round-trip unchanged and match the official SDKs' types: a uuid or
        # uri stays the string the server sent (pydantic's UUID/AnyUrl re-render it), and a
        # `format: decimal` number stays a JSON number (Decimal dumps as a string).
        "--type-mappings", "string+uuid=string", "string+uri=string", "number+decimal=number",
    ]  # fmt: skip
    if type_overrides:
        cmd += ["--type-overrides", json.dumps(type_overrides, sort_keys=True)]
    return cmd
