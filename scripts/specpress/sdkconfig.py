"""Temporary re-export of `specpress.config` under the old module path (issue 12)."""

from __future__ import annotations

from specpress.config.model import PAGINATION_STYLES as PAGINATION_STYLES
from specpress.config.model import ClientSettings as ClientSettings
from specpress.config.model import Example as Example
from specpress.config.model import MethodSpec as MethodSpec
from specpress.config.model import NameMap as NameMap
from specpress.config.model import PackageSettings as PackageSettings
from specpress.config.model import Pagination as Pagination
from specpress.config.model import RefineSpec as RefineSpec
from specpress.config.model import ResourceSpec as ResourceSpec
from specpress.config.model import SdkConfig as SdkConfig
from specpress.config.model import UnionSpec as UnionSpec
from specpress.config.model import VariantRule as VariantRule
from specpress.config.model import WaiterSpec as WaiterSpec
from specpress.config.sdk import load_sdk_config as load_sdk_config
from specpress.config.sdk import parse_sdk_config as parse_sdk_config

__all__ = [
    "PAGINATION_STYLES",
    "ClientSettings",
    "Example",
    "MethodSpec",
    "NameMap",
    "PackageSettings",
    "Pagination",
    "RefineSpec",
    "ResourceSpec",
    "SdkConfig",
    "UnionSpec",
    "VariantRule",
    "WaiterSpec",
    "load_sdk_config",
    "parse_sdk_config",
]
