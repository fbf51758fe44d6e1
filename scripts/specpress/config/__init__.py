"""The one typed config: `specs/<api>/sdk.yaml`, read only through this package:
`specpress.config.sdk` (the whole file), `config.normalize` and `config.package` (the one part the
spec build, release and vendor need).

The shape and its dataclasses are in `specpress.config.model`, the `names:` overrides (class
and module names) in `specpress.config.names`; `specpress.config.reader` reports every defect
at once. Like `specpress.openapi`, this package imports nothing itself.
"""
