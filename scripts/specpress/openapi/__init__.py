"""The document layer every stage reads OpenAPI documents through.

`load` (one loader, one alias/size policy, a fast read mode and a round-trip mode), `pointer`
(JSON Pointers), `refs` (hermetic `$ref` checks, bundling, offline validator handlers, following
refs across files) and `document` (`OpenAPIDocument`: operations, parameters, schemas, `$ref`
chains). Import the submodules; this package imports nothing itself, so reading a document never
pays for ruamel.yaml or the validators.
"""
