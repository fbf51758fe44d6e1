"""The schema rules, read off a `SchemaDiff` tree at a body, parameter or header position.

`site` says where a schema sits and words its findings; one module per family of rules
(`types`, `values`, `bounds`, `structure`, `properties`, `lifecycle`, `unsupported`);
`positions` runs the families that apply at each position.
"""

from specpress.diff.checks.positions import check_body, check_header, check_parameter
from specpress.diff.checks.site import Sink, Site, show

__all__ = ["Sink", "Site", "check_body", "check_header", "check_parameter", "show"]
