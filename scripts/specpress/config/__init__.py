"""The one typed config: `specs/<api>/sdk.yaml`, read only through `specpress.config.sdk`.

The shape and its dataclasses are in `specpress.config.model`, the `names:` overrides (class
and module names) in `specpress.config.names`; `specpress.config.reader` reports every defect
at once. Like `specpress.openapi`, this package imports nothing itself.
"""
