"""Releases: `plan` (the next version and the `specpress release` entry point `release`),
`history` (releases.yaml), `gates`, `changelog`, `index` (is a version on the index?) and `dist`
(reproducible builds, publishing). Version arithmetic is `specpress.semver`."""
