"""The gates every release passes before anything is written: the stages' own entry functions
(the spec build, the generator's check, the recordings' validation), never the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from specpress.errors import SpecpressError

Gate = Callable[[Path, str], None]


def check_spec(root: Path, api: str) -> None:
    """Stale patches and lint failures raise inside build_api; then openapi.yaml must match."""
    from specpress.spec.build import build_api, stale_outputs

    try:
        result = build_api(root, api)
    except SpecpressError as exc:
        raise SpecpressError(f"refusing: the spec does not build: {exc.render()}") from exc
    if stale_outputs([result]):
        raise SpecpressError(
            "refusing: the patched spec is not up to date; run `nox -s regenerate`",
            file=result.output,
        )


def check_generated(root: Path, api: str) -> None:
    """generated/ must be what the generator makes of the current inputs (`generate --check`)."""
    try:
        from specpress.generate import check_api

        stale = check_api(root, api)
    except ImportError as exc:
        raise SpecpressError("refusing: specpress.generate is not available") from exc
    except SpecpressError as exc:
        raise SpecpressError(f"refusing: generated/ is not up to date ({exc.render()})") from exc
    if stale:
        more = f" and {len(stale) - 1} more" if len(stale) > 1 else ""
        raise SpecpressError(
            f"refusing: generated/ is not up to date (stale: {stale[0]}{more}); "
            "run `nox -s regenerate`"
        )


def check_recordings(root: Path, api: str) -> None:
    from specpress.contract.recordings import recordings_dir
    from specpress.contract.validate import validate_recordings

    if not (recordings_dir(root) / api).is_dir():
        return
    for verdict in validate_recordings(root, api):
        if verdict.errors:
            raise SpecpressError(
                f"refusing: recording fails against the current spec: {verdict.errors[0]}",
                file=verdict.recording.file,
            )


GATES: list[Gate] = [check_spec, check_generated, check_recordings]
