"""Every generated client package against a real HTTP server on 127.0.0.1: one suite,
parametrized over ``specs/*/sdk.yaml`` and ``tests/recordings/<api>/``.

What differs between APIs comes from sdk.yaml (auth header and prefix, environment variables,
paginated methods and their page style, waiters and their terminal states, unions and refine
rules, README examples) and the bodies come from the recordings; only the official SDKs' own
drop-in scripts (the last section) are written per API.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import pytest

from specpress.config.model import ResourceSpec, UnionSpec, WaiterSpec
from specpress.contract import Recording, mutants, response_schema
from specpress.generate.naming import default_class_name
from specpress.generate.pages import PAGE_STYLES, PageStyle, page_style
from specpress.openapi.document import OpenAPIDocument
from specpress.openapi.pointer import lookup, split
from support.clients import API_KEY, API_PROFILES, ApiProfile, Method, body_of, profile_param
from support.mock_server import MockServer, Reply, json_reply

PY_TYPES = {"integer": "int", "string": "str", "number": "float", "boolean": "bool"}


@pytest.fixture
def server() -> Any:
    with MockServer() as s:
        yield s


def dump(model: Any) -> Any:
    return model.model_dump(by_alias=True, mode="json", exclude_unset=True, warnings=False)


def style_of(method: Method) -> PageStyle:
    assert method.spec.paginate is not None
    return page_style(method.spec.paginate)


def operation(profile: ApiProfile, method: Method) -> Any:
    return OpenAPIDocument(profile.spec).operations_by_id()[method.spec.operation]


# --- what each test runs over ----------------------------------------------------------------


def _apis() -> list[Any]:
    return [profile_param(p) for p in API_PROFILES]


def _paginated() -> list[Any]:
    return [profile_param(p, m, id=m.dotted) for p in API_PROFILES for m in p.paginated]


class Retrieve:
    """A waiter's retrieve method with its first recorded 2xx exchange: the task to play with."""

    def __init__(self, profile: ApiProfile, resource: ResourceSpec, waiter: WaiterSpec) -> None:
        self.method = Method(
            resource, next(m for m in resource.methods if m.name == waiter.retrieve)
        )
        self.recording: Recording = profile.recorded(self.method)[0]
        self.task_id: str = self.recording.call["args"][0]
        self.path: str = self.recording.request["path"]
        self.waiter = waiter
        self.resource = resource
        assert self.path.endswith(self.task_id)

    def body(self, status: str | None = None, **extra: Any) -> Any:
        body = body_of(self.recording)
        if status is not None:
            body[self.waiter.status_field] = status
        return {**body, **extra}

    def status(self, model: Any) -> Any:
        return getattr(model, self.waiter.status_field)

    def resource_of(self, client: Any) -> Any:
        target = client
        for part in self.resource.path:
            target = getattr(target, part)
        return target

    def wait_of(self, client: Any) -> Any:
        return getattr(self.resource_of(client), self.waiter.method)

    def alias_of(self, client: Any) -> Any:
        return getattr(self.resource_of(client), str(self.waiter.official_alias))


def _tasks() -> list[Any]:
    return [
        profile_param(p, Retrieve(p, r, w), id=".".join(r.path))
        for p in API_PROFILES
        for r, w in p.waiters
    ]


def _aliased_tasks() -> list[Any]:
    return [param for param in _tasks() if param.values[1].waiter.official_alias]


def retrieve_of(profile: ApiProfile) -> Retrieve:
    resource, waiter = profile.waiters[0]
    return Retrieve(profile, resource, waiter)


# --- pages: one envelope per page style ------------------------------------------------------


def _next_link(items: list[Any], page: int, pages: int, total: int) -> dict[str, Any]:
    return {
        "count": total,
        "next": f"page={page + 1}" if page < pages else None,
        "previous": f"page={page - 1}" if page > 1 else None,
        "results": items,
    }


def _page_info(items: list[Any], page: int, pages: int, total: int) -> dict[str, Any]:
    info = {"page": page, "total_page": pages, "limit_per_page": 2, "total_results": total}
    return {"data": items, "page_info": info}


#: The runtime's defaults of the configurable styles' names (``Page.of`` keywords).
NAME_DEFAULTS = {
    "cursor_field": "next_cursor",
    "cursor_param": "cursor",
    "has_more_field": "",
    "offset_param": "offset",
    "total_field": "total",
}
PER_PAGE = 2


def names_of(style: PageStyle) -> dict[str, str]:
    return {**NAME_DEFAULTS, **dict(style.arguments)}


def _at(path: str, value: object) -> dict[str, Any]:
    """``{"a": {"b": value}}`` for the dotted path ``a.b``."""
    head, _, rest = path.partition(".")
    return {head: _at(rest, value) if rest else value}


def _cursor(style: PageStyle, items: list[Any], page: int, pages: int, total: int) -> Any:
    names = names_of(style)
    envelope = {style.items_field: items, **_at(names["cursor_field"], None)}
    if page < pages:
        envelope.update(_at(names["cursor_field"], f"c{page + 1}"))
    return envelope


def _offset(style: PageStyle, items: list[Any], page: int, pages: int, total: int) -> Any:
    names = names_of(style)
    return {style.items_field: items, **_at(names["total_field"] or "x_total", total)}


ENVELOPES: dict[str, Callable[[PageStyle, list[Any], int, int, int], dict[str, Any]]] = {
    "next_link": lambda style, *args: _next_link(*args),
    "page_info": lambda style, *args: _page_info(*args),
    "cursor": _cursor,
    "offset": _offset,
}


def _page_of(style: PageStyle, params: dict[str, list[str]]) -> str:
    """The page (1, 2, ...) a request asks for, in the style's own terms."""
    names = names_of(style)
    if style.name == "cursor":
        return params.get(names["cursor_param"], ["c1"])[0].removeprefix("c")
    if style.name == "offset":
        return str(int(params.get(names["offset_param"], ["0"])[0]) // PER_PAGE + 1)
    return params.get("page", ["1"])[0]


def test_every_page_style_a_package_uses_has_an_envelope_here() -> None:
    used = {style_of(m).name for p in API_PROFILES for m in p.methods if m.spec.paginate}
    assert used and used <= set(ENVELOPES) <= set(PAGE_STYLES)


class Pages:
    """Five items (copies of a recorded item, numbered by an extra field) over three pages of
    two, served by page number on the method's recorded path."""

    def __init__(self, profile: ApiProfile, method: Method, server: MockServer) -> None:
        self.style = style_of(method)
        recorded = [r for r in profile.recorded(method) if body_of(r)[self.style.items_field]]
        item = body_of(recorded[0])[self.style.items_field][0]
        self.items = [{**item, "x_seq": n} for n in range(5)]
        self.path: str = recorded[0].request["path"]
        chunks = [self.items[0:2], self.items[2:4], self.items[4:5]]
        self.bodies = {
            str(n + 1): ENVELOPES[self.style.name](self.style, chunk, n + 1, 3, 5)
            for n, chunk in enumerate(chunks)
        }
        server.route(
            self.path, lambda req: json_reply(self.bodies[_page_of(self.style, req.params)])
        )

    def meta(self, envelope: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in envelope.items() if k != self.style.items_field}


def example_kwargs(method: Method) -> dict[str, Any]:
    return dict(method.spec.examples[0].kwargs) if method.spec.examples else {}


def query_of(kwargs: dict[str, Any]) -> dict[str, list[str]]:
    """What the client must send for keyword arguments: lists as repeated keys, in order."""
    return {k: [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in kwargs.items()}


# --- auth, environment, the client ---------------------------------------------------------


@pytest.mark.parametrize("profile", _apis())
def test_auth_header_and_user_agent(profile: ApiProfile, server: MockServer) -> None:
    task = retrieve_of(profile)
    server.enqueue(task.path, json_reply(task.body()))
    with profile.client(server) as client:
        task.method.of(client)(task.task_id)
    header, value = profile.auth(API_KEY)
    sent = server.requests[0]
    assert sent.header(header) == value
    if header != "authorization":
        assert sent.header("Authorization") is None
    assert sent.header("User-Agent").startswith(f"{profile.config.package.user_agent_name}/")


@pytest.mark.parametrize("profile", _apis())
def test_environment_configures_and_explicit_arguments_win(
    profile: ApiProfile, server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = retrieve_of(profile)
    env = profile.config.client
    cls = getattr(profile.module, profile.config.package.client_class)
    monkeypatch.setenv(env.env_api_key, "env-key-abcdef")
    monkeypatch.setenv(env.env_base_url, server.url + profile.base_path)
    server.enqueue(task.path, json_reply(task.body()), json_reply(task.body()))
    task.method.of(cls(max_retries=0))(task.task_id)
    header, _ = profile.auth(API_KEY)
    assert server.requests[0].header(header) == profile.auth("env-key-abcdef")[1]
    task.method.of(cls(api_key="explicit-key-xyz", max_retries=0))(task.task_id)
    assert server.requests[1].header(header) == profile.auth("explicit-key-xyz")[1]
    monkeypatch.delenv(env.env_api_key)
    with pytest.raises(profile.module.MissingAPIKeyError):
        cls()


@pytest.mark.parametrize("profile", _apis())
def test_with_options_and_per_call_timeout(profile: ApiProfile, server: MockServer) -> None:
    task = retrieve_of(profile)
    server.enqueue(task.path, Reply(200, body=task.body(), delay=0.5))
    client = profile.client(server).with_options(timeout=0.1, max_retries=0)
    with pytest.raises(profile.module.APITimeoutError):
        task.method.of(client)(task.task_id)


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "method"), _paginated())
def test_list_walks_every_page_with_one_request_each(
    profile: ApiProfile, method: Method, server: MockServer
) -> None:
    pages = Pages(profile, method, server)
    kwargs = example_kwargs(method)
    with profile.client(server) as client:
        items = list(method.of(client)(**kwargs))
        assert [dump(i) for i in items] == pages.items
        assert server.count(pages.path) == 3
        assert parse_qs(server.requests[0].query) == query_of(kwargs)
        page = method.of(client)()
        assert len(getattr(page, pages.style.items_field)) == 2
        assert pages.meta(dump(page)) == pages.meta(pages.bodies["1"])
        assert page.has_next_page()
        counts = [len(getattr(p, pages.style.items_field)) for p in page.iter_pages()]
        assert counts == [2, 2, 1]


@pytest.mark.parametrize(("profile", "method"), _paginated())
def test_every_recorded_page_parses_and_is_the_last(
    profile: ApiProfile, method: Method, server: MockServer
) -> None:
    style = style_of(method)
    for recording in profile.recorded(method):
        body = body_of(recording)
        last = ENVELOPES[style.name](style, [], 1, 1, 0)
        body.update({k: v for k, v in last.items() if k != style.items_field})
        server.reset()
        server.enqueue(recording.request["path"], json_reply(body))
        with profile.client(server) as client:
            items = list(method.of(client)(**recording.call.get("kwargs", {})))
        assert [dump(i) for i in items] == body[style.items_field], recording.case
        assert server.count() == 1


@pytest.mark.parametrize(("profile", "method"), _paginated())
def test_raw_page_parses_to_a_page(profile: ApiProfile, method: Method, server: MockServer) -> None:
    style = style_of(method)
    recording = profile.recorded(method)[0]
    body = {**body_of(recording), **ENVELOPES[style.name](style, [], 1, 1, 0)}
    body[style.items_field] = body_of(recording)[style.items_field]
    server.enqueue(recording.request["path"], json_reply(body))
    with profile.client(server) as client:
        page = method.of(client.with_raw_response)().parse()
    assert [dump(i) for i in page] == body[style.items_field]


# --- one task: parse, unknown values, errors, raw -------------------------------------------


@pytest.mark.parametrize(("profile", "task"), _tasks())
def test_unknown_values_and_fields_are_kept(
    profile: ApiProfile, task: Retrieve, server: MockServer
) -> None:
    unions = [u for u in profile.config.unions if u.property in task.body()]
    body = task.body("SOMETHING_NEW_STATE", brand_new_field={"x": 1})
    for union in unions:
        body[union.property] = unknown_member(union)
    server.enqueue(task.path, json_reply(body))
    with profile.client(server) as client:
        got = task.method.of(client)(task.task_id)
    assert task.status(got) == "SOMETHING_NEW_STATE"
    assert got.model_extra == {"brand_new_field": {"x": 1}}
    for union in unions:
        member = getattr(got, union.property)
        assert type(member) is getattr(profile.models, f"Unknown{union.name}")
        assert member.model_extra == unknown_member(union)


def unknown_member(union: UnionSpec) -> dict[str, Any]:
    """A union member no rule picks: every field a rule tests, with a value none expects."""
    fields = {key: "a-value-from-a-newer-api" for v in union.variants for key, _ in v.when}
    return fields or {"a_field_from_a_newer_api": True}


def _unions() -> list[Any]:
    return [profile_param(p, u, id=u.name) for p in API_PROFILES for u in p.config.unions]


@pytest.mark.parametrize(("profile", "union"), _unions())
def test_no_recorded_body_falls_back_to_an_unknown_variant(
    profile: ApiProfile, union: UnionSpec
) -> None:
    from support.clients import run_call

    checked = 0
    for recording in profile.recordings:
        body = recording.body_json() if 200 <= recording.status < 300 else None
        if not isinstance(body, dict) or not body.get(union.property):
            continue
        outcome, _ = run_call(recording, use_async=False)
        assert not isinstance(outcome, Exception), outcome
        member = getattr(outcome, union.property)
        assert not type(member).__name__.startswith("Unknown"), recording.case
        checked += 1
    assert checked >= 2


def _refines() -> list[Any]:
    return [profile_param(p, r, id=r.property) for p in API_PROFILES for r in p.config.refine]


@pytest.mark.parametrize(("profile", "refine"), _refines())
def test_refined_classes_follow_the_parent_field(profile: ApiProfile, refine: Any) -> None:
    """Same-shaped variants are told apart by a parent field (sdk.yaml `refine`): every
    recorded body of one of them parses as each class when that field names it."""
    from support.clients import run_call

    names = dict(profile.config.names.schemas)
    classes = {value: names.get(ref, default_class_name(ref)) for value, ref in refine.classes}
    checked = 0
    for recording in profile.recordings:
        body = recording.body_json() if 200 <= recording.status < 300 else None
        _, recorded_value = lookup(body, "/" + "/".join(refine.by))
        if not (isinstance(body, dict) and body.get(refine.property) and recorded_value in classes):
            continue
        for value, cls in classes.items():
            changed = json.loads(recording.body_text)
            target = changed
            for key in refine.by[:-1]:
                target = target[key]
            target[refine.by[-1]] = value
            outcome, _ = run_call(recording, json.dumps(changed), use_async=False)
            assert type(getattr(outcome, refine.property)).__name__ == cls, (recording.case, value)
            checked += 1
    assert checked >= len(classes)


@pytest.mark.parametrize(("profile", "task"), _tasks())
def test_a_wrong_type_is_named_in_strict_mode_and_kept_in_lenient_mode(
    profile: ApiProfile, task: Retrieve, server: MockServer
) -> None:
    schema = response_schema(profile.spec, task.recording)
    wrong = next(
        m for m in mutants(profile.spec, schema, task.body()) if m.kind == "wrong-type"
    )  # fmt: skip
    dotted = ".".join(split(wrong.pointer))
    server.set_default(task.path, json_reply(wrong.body))
    strict = profile.client(server, strict_response_validation=True)
    with strict, pytest.raises(profile.module.APIResponseValidationError) as info:
        task.method.of(strict)(task.task_id)
    assert dotted in str(info.value)
    with profile.client(server) as client:  # the default: kept, recorded
        lenient = task.method.of(client)(task.task_id)
    assert lookup(dump(lenient), wrong.pointer) == lookup(wrong.body, wrong.pointer)
    assert task.status(lenient) == task.body()[task.waiter.status_field]
    deviations = lenient.model_deviations()
    assert [d.path for d in deviations] == [dotted]
    assert PY_TYPES[wrong.detail] in deviations[0].expected


@pytest.mark.parametrize(("profile", "task"), _tasks())
def test_not_found_and_empty_or_unsafe_ids(
    profile: ApiProfile, task: Retrieve, server: MockServer
) -> None:
    server.enqueue(task.path, json_reply({"error": "Not found"}, status=404))
    escaped = task.path[: -len(task.task_id)] + "a%2Fb"
    server.set_default(escaped, json_reply(task.body()))
    with profile.client(server) as client:
        with pytest.raises(profile.module.NotFoundError) as info:
            task.method.of(client)(task.task_id)
        assert info.value.status_code == 404
        with pytest.raises(ValueError):
            task.method.of(client)("")
        task.method.of(client)("a/b")
    assert server.requests[-1].path == escaped
    assert len(server.requests) == 2  # the empty id was refused before any request


@pytest.mark.parametrize(("profile", "task"), _tasks())
def test_raw_response(profile: ApiProfile, task: Retrieve, server: MockServer) -> None:
    server.enqueue(task.path, json_reply(task.body(), headers={"X-Request-Id": "r1"}))
    with profile.client(server) as client:
        raw = task.method.of(client.with_raw_response)(task.task_id)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "r1"
    assert dump(raw.parse()) == task.body()


def _no_body_methods() -> list[Any]:
    return [
        profile_param(p, m, r, id=r.case)
        for p in API_PROFILES
        for m in p.methods
        for r in p.recorded(m, ok=False)
        if 200 <= r.status < 300 and not r.body_text
    ]


@pytest.mark.parametrize(("profile", "method", "recording"), _no_body_methods())
def test_a_method_without_a_response_body_returns_none(
    profile: ApiProfile, method: Method, recording: Recording, server: MockServer
) -> None:
    server.enqueue(
        recording.request["path"], Reply(recording.status), method=recording.request["method"]
    )
    with profile.client(server) as client:
        assert method.of(client)(*recording.call.get("args", [])) is None
    assert server.requests[-1].method == recording.request["method"]


# --- bodies: every README example of a method that sends one ---------------------------------


def _body_examples() -> list[Any]:
    found = []
    for p in API_PROFILES:
        for m in p.methods:
            if "requestBody" in operation(p, m).node and p.recorded(m):
                found += [
                    profile_param(p, m, e, id=f"{m.dotted}:{e.title[:30]}") for e in m.spec.examples
                ]
    return found


@pytest.mark.parametrize(("profile", "method", "example"), _body_examples())
def test_each_example_sends_its_keywords_as_the_json_body(
    profile: ApiProfile, method: Method, example: Any, server: MockServer
) -> None:
    recording = profile.recorded(method)[0]
    op = operation(profile, method)
    server.set_default(
        recording.request["path"], json_reply(body_of(recording), status=recording.status)
    )
    with profile.client(server) as client:
        result = method.of(client)(*example.args, **dict(example.kwargs))
    sent = server.requests[0]
    assert sent.method == op.method.upper()
    query = {p.name for p in op.parameters if p.location == "query"}
    assert sent.json() == {k: v for k, v in example.kwargs if k not in query}
    assert dump(result) == body_of(recording)


def _model_examples() -> list[Any]:
    return [
        param
        for param in _body_examples()
        if any(isinstance(v, dict) for _, v in param.values[2].kwargs)
    ]


@pytest.mark.parametrize(("profile", "method", "example"), _model_examples())
def test_body_fields_accept_the_models_too(
    profile: ApiProfile, method: Method, example: Any, server: MockServer
) -> None:
    recording = profile.recorded(method)[0]
    server.set_default(
        recording.request["path"], json_reply(body_of(recording), status=recording.status)
    )
    with profile.client(server) as client:
        bound = method.of(client)
        signature = inspect.signature(bound)
        kwargs: dict[str, Any] = {}
        for key, value in example.kwargs:
            kwargs[key] = value
            if isinstance(value, dict):
                annotation = str(signature.parameters[key].annotation)
                names = [n.strip() for n in annotation.split("|")]
                model = next(
                    getattr(profile.models, n) for n in names if hasattr(profile.models, n)
                )
                kwargs[key] = model.model_validate(value)
        bound(*example.args, **kwargs)
    assert server.requests[0].json() == dict(example.kwargs)


# --- waiters --------------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "task"), _tasks())
def test_wait_polls_until_terminal(profile: ApiProfile, task: Retrieve, server: MockServer) -> None:
    states = ["pending-in-a-newer-api", "still-running", task.waiter.terminal[0]]
    server.enqueue(task.path, *(json_reply(task.body(s)) for s in states))
    seen: list[str] = []
    with profile.client(server) as client:
        wait = task.wait_of(client)
        done = wait(
            task.task_id,
            timeout=10,
            poll_interval=0.01,
            on_progress=lambda t: seen.append(str(task.status(t))),
        )
    assert task.status(done) == task.waiter.terminal[0] and seen == states
    assert server.count(task.path) == 3


@pytest.mark.parametrize(("profile", "task"), _tasks())
def test_wait_timeout_carries_the_last_task(
    profile: ApiProfile, task: Retrieve, server: MockServer
) -> None:
    server.set_default(task.path, json_reply(task.body("still-running")))
    with profile.client(server) as client:
        wait = task.wait_of(client)
        with pytest.raises(profile.module.WaitTimeoutError) as info:
            wait(task.task_id, timeout=0.05, poll_interval=0.01)
    assert task.status(info.value.last) == "still-running"


@pytest.mark.parametrize(("profile", "task"), _tasks())
def test_wait_stops_on_4xx(profile: ApiProfile, task: Retrieve, server: MockServer) -> None:
    server.set_default(task.path, json_reply({"code": "not_found", "message": "x"}, 400))
    with profile.client(server) as client:
        wait = task.wait_of(client)
        with pytest.raises(profile.module.BadRequestError):
            wait(task.task_id, timeout=5, poll_interval=0.01)
    assert server.count(task.path) == 1


@pytest.mark.parametrize(("profile", "task"), _aliased_tasks())
def test_the_official_waiter_name_and_keywords(
    profile: ApiProfile, task: Retrieve, server: MockServer
) -> None:
    server.enqueue(
        task.path,
        json_reply(task.body("still-running")),
        json_reply(task.body(task.waiter.terminal[0])),
    )
    seen: list[str] = []
    with profile.client(server) as client:
        alias = task.alias_of(client)
        done = alias(
            task.task_id, sleep_interval=0.01, callback=lambda t: seen.append(str(task.status(t)))
        )
        assert task.status(done) == task.waiter.terminal[0] and seen == [
            "still-running",
            task.waiter.terminal[0],
        ]
        assert server.count(task.path) == 2
        with pytest.raises(ValueError, match="sleep_interval must be greater than 0"):
            alias(task.task_id, sleep_interval=0)
    assert server.count(task.path) == 2  # refused before any request


@pytest.mark.parametrize(("profile", "task"), _aliased_tasks())
async def test_the_official_waiter_name_async(
    profile: ApiProfile, task: Retrieve, server: MockServer
) -> None:
    server.enqueue(task.path, json_reply(task.body(task.waiter.terminal[-1])))
    async with profile.client(server, use_async=True) as client:
        alias = task.alias_of(client)
        done = await alias(task.task_id, sleep_interval=0.01)
    assert task.status(done) == task.waiter.terminal[-1]


# --- the async client -----------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "method"), _paginated())
def test_async_client(profile: ApiProfile, method: Method, server: MockServer) -> None:
    pages = Pages(profile, method, server)
    task = retrieve_of(profile)
    server.set_default(task.path, json_reply(task.body(task.waiter.terminal[0])))

    async def main() -> None:
        async with profile.client(server, use_async=True) as client:
            items = [dump(t) async for t in method.of(client)()]
            assert items == pages.items
            first = await method.of(client)()
            assert pages.meta(dump(first)) == pages.meta(pages.bodies["1"])
            raw_page = await method.of(client.with_raw_response)()
            assert pages.meta(dump(await raw_page.parse())) == pages.meta(pages.bodies["1"])
            got = await task.method.of(client)(task.task_id)
            assert dump(got) == task.body(task.waiter.terminal[0])
            wait = task.wait_of(client)
            done = await wait(task.task_id, timeout=5, poll_interval=0.01)
            assert task.status(done) == task.waiter.terminal[0]
            raw = await task.method.of(client.with_raw_response)(task.task_id)
            assert raw.status_code == 200

    asyncio.run(main())


# --- the official SDKs' scripts, with only the import changed --------------------------------

GCORE_TASK = "aafe70c6-0000-0000-0000-327b65f7670f"


def _gcore_task() -> dict[str, Any]:
    return {"task_id": GCORE_TASK, "status": "SUCCESS", "task_name": "transcription",
            "task_data": {"task_name": "transcription", "url": "https://x/v.mp4"}}  # fmt: skip


def _serve_gcore(server: MockServer) -> None:
    server.set_default(
        "/streaming/ai/tasks",
        lambda req: (
            json_reply({"task_id": GCORE_TASK}, status=201)
            if req.method == "POST"
            else json_reply({"count": 1, "next": None, "results": [_gcore_task()]})
        ),
    )
    server.set_default(f"/streaming/ai/tasks/{GCORE_TASK}", json_reply(_gcore_task()))
    server.set_default(
        f"/streaming/ai/tasks/{GCORE_TASK}/cancel", json_reply({"result": "ok"}, 202)
    )


def _tl_page(item: dict[str, Any]) -> Reply:
    info = {"page": 1, "total_page": 1, "limit_per_page": 2, "total_results": 1}
    return json_reply({"data": [item], "page_info": info})


def _serve_twelvelabs(server: MockServer) -> None:
    video = {"_id": "t0", "video_id": "v0", "status": "ready", "index_id": "idx"}
    server.set_default("/v1.3/tasks", _tl_page(video))
    server.set_default("/v1.3/tasks/t0", json_reply(video))
    server.set_default("/v1.3/embed-v2/tasks", _tl_page({"_id": "e1", "status": "ready"}))


DROP_IN: dict[str, tuple[str, Callable[[MockServer], None], dict[str, Any]]] = {
    "gcore-streaming": (
        """
from gcore_streaming_ai import Gcore

client = Gcore(api_key=API_KEY, base_url=BASE_URL)
statuses = []
for t in client.streaming.ai_tasks.list(status="SUCCESS", limit=100):
    statuses.append(t.status)
task = client.streaming.ai_tasks.get(TASK_ID)
created = client.streaming.ai_tasks.create(
    task_name="transcription", url="https://x/v.mp4", audio_language="ger"
)
client.streaming.ai_tasks.create(
    task_name="content-moderation", url="https://x/v.mp4", category="nsfw"
)
client.streaming.ai_tasks.cancel(TASK_ID)
""",
        _serve_gcore,
        {"statuses": ["SUCCESS"]},
    ),
    "twelvelabs": (
        """
from twelvelabs_tasks import TwelveLabs

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
ids = [t.id for t in client.tasks.list(status=["ready", "indexing"], page_limit=50)]
task = client.tasks.retrieve(ids[0])
embeds = [e.id for e in client.embed.v_2.tasks.list()]
""",
        _serve_twelvelabs,
        {"ids": ["t0"], "embeds": ["e1"]},
    ),
}


def test_every_api_has_its_official_script() -> None:
    assert set(DROP_IN) == {p.api for p in API_PROFILES}


@pytest.mark.parametrize("profile", _apis())
def test_official_sdk_script_runs_with_only_the_import_changed(
    profile: ApiProfile, server: MockServer
) -> None:
    script, serve, expected = DROP_IN[profile.api]
    serve(server)
    scope = {"API_KEY": API_KEY, "BASE_URL": server.url + profile.base_path, "TASK_ID": GCORE_TASK}
    exec(compile(script, f"<official {profile.api}>", "exec"), scope)
    assert {k: scope[k] for k in expected} == expected
