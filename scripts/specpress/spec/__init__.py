"""The spec stages: `patch` (guarded RFC 6902 groups), `normalize`, `lint`, `build` (upstream
lock -> patch -> normalize -> lint -> `specs/<api>/openapi.yaml`) and `vendor` (the
upstream-update flow)."""
