"""The synchronous client: the send loop (retries, deadlines, bounded body reads) and the
methods the generated resources call. Decisions are ``_core``'s and ``_retry``'s."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

import httpx

from ._constants import (
    ERROR_BODY_LIMIT,
)
from ._core import BaseClient
from ._errors import body_error, status_error, transport_error, unread_status_error
from ._exceptions import APIStatusError
from ._response import APIResponse
from ._transport import (
    BodyDecodeError,
    BodyTooLargeError,
    DefaultHttpxClient,
    deadline_scope,
    iter_decoded,
    read_body,
)
from ._types import RequestOptions
from ._wrappers import call_in_mode, take_response_mode

if TYPE_CHECKING:
    from typing import Self

    from ._lenient import Deviation
    from ._pagination import SyncPage

__all__ = ["SyncAPIClient"]

_T = TypeVar("_T")
_SyncPageT = TypeVar("_SyncPageT", bound="SyncPage[Any]")


class SyncAPIClient(BaseClient[httpx.Client]):
    """Base of the generated synchronous client."""

    _client: httpx.Client

    @staticmethod
    def _default_http_client(timeout: httpx.Timeout) -> httpx.Client:
        return DefaultHttpxClient(timeout=timeout)

    @staticmethod
    def _closes_with_us(http_client: httpx.Client) -> bool:
        # A Default*Client exists to be handed to this client (as in the official SDKs,
        # `with Client(http_client=DefaultHttpxClient())` closes it); any other httpx
        # client stays the caller's to close.
        return isinstance(http_client, DefaultHttpxClient)

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool (a no-op for copies and for a caller's own httpx client;
        a ``Default*Client`` passed as ``http_client`` is closed too)."""
        if self._owns_client:
            self._client.close()

    @property
    def is_closed(self) -> bool:
        return self._client.is_closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- requests --------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        json: object | None,
        options: RequestOptions | None,
        *,
        stream: bool = False,
    ) -> tuple[httpx.Response, int, float | None]:
        """Send with retries; the 2xx response (body read unless ``stream``), the retries taken
        and the deadline of the answering attempt (streamed bodies are read within it)."""
        opts: RequestOptions = options or {}
        call = self._start_call(method, path, params, json, opts)
        limit = self._size_limit(opts)
        while True:
            deadline = call.budget.attempt_deadline()
            started = time.monotonic()
            try:
                with deadline_scope(deadline):
                    response = self._client.send(call.request, stream=True, follow_redirects=False)
                self._log_response(response, started, call.retries_taken)
                if response.is_success:
                    if not stream:
                        self._read(response, limit, deadline)
                    return response, call.retries_taken, deadline
                step = call.after_status(response)
                if step is None:
                    raise self._read_status_error(response, limit, deadline)
                response.close()
                wait = call.follow(step)
            except httpx.TransportError as exc:
                delay = call.after_error(exc)
                if delay is None:
                    raise transport_error(exc, call.request, call.retries_taken + 1) from exc
                wait = delay
            if wait:
                time.sleep(wait)

    def _read(self, response: httpx.Response, limit: int, deadline: float | None) -> bytes:
        """The whole decoded body; size and decoding failures become typed errors."""
        try:
            return read_body(response, limit, deadline)
        except (BodyTooLargeError, BodyDecodeError) as exc:
            raise body_error(exc, response) from None

    def _read_status_error(
        self, response: httpx.Response, limit: int, deadline: float | None
    ) -> APIStatusError:
        try:
            read_body(response, min(limit, ERROR_BODY_LIMIT), deadline)
        except (BodyTooLargeError, BodyDecodeError) as exc:
            return unread_status_error(response, exc)
        return status_error(response)

    def _stream_reader(
        self, response: httpx.Response, options: RequestOptions | None, deadline: float | None
    ) -> tuple[Any, Any]:
        limit = self._size_limit(options)

        def read(resp: httpx.Response) -> bytes:
            try:
                return self._read(resp, limit, deadline)
            except httpx.TransportError as exc:
                raise transport_error(exc, resp.request, 1) from exc

        def chunks(resp: httpx.Response) -> Any:
            try:
                yield from iter_decoded(resp, limit, deadline)
            except (BodyTooLargeError, BodyDecodeError) as exc:
                raise body_error(exc, resp) from None
            except httpx.TransportError as exc:
                raise transport_error(exc, resp.request, 1) from exc

        return read, chunks

    def _respond(
        self,
        response: httpx.Response,
        retries_taken: int,
        deadline: float | None,
        options: RequestOptions | None,
        cast_to: Any,
        parser: Any,
    ) -> APIResponse[Any]:
        read, chunks = self._stream_reader(response, options, deadline)
        return APIResponse(
            response,
            cast_to=cast_to,
            retries_taken=retries_taken,
            parser=parser,
            reader=read,
            chunks=chunks,
        )

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: type[_T],
        options: RequestOptions | None = None,
    ) -> _T: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: None = None,
        options: RequestOptions | None = None,
    ) -> None: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any,
        options: RequestOptions | None = None,
    ) -> Any: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Send a request (with retries) and validate the JSON body as ``cast_to`` in one pass.

        Under ``with_raw_response`` / ``with_streaming_response`` it returns the response."""
        mode = take_response_mode()
        response, retries_taken, deadline = self._send(
            method, path, params, json, options, stream=mode == "stream"
        )
        if mode is None:
            return self._parse(response, cast_to)

        def parser(resp: httpx.Response, found: list[Deviation]) -> Any:
            return self._parse(resp, cast_to, found)

        return self._respond(response, retries_taken, deadline, options, cast_to, parser)

    @overload
    def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: type[_T],
        options: RequestOptions | None = None,
    ) -> APIResponse[_T]: ...

    @overload
    def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> APIResponse[Any]: ...

    def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> APIResponse[Any]:
        """Like ``request`` but returns the response (body read); ``.parse()`` validates later."""
        response, retries_taken, deadline = self._send(method, path, params, json, options)

        def parser(resp: httpx.Response, found: list[Deviation]) -> Any:
            return self._parse(resp, cast_to, found)

        return self._respond(response, retries_taken, deadline, options, cast_to, parser)

    def get(
        self,
        path: str,
        *,
        cast_to: Any = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Escape hatch for endpoints the package does not cover."""
        return self.request("GET", path, params=params, cast_to=cast_to, options=options)

    def post(
        self,
        path: str,
        *,
        cast_to: Any = None,
        body: object | None = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        return self.request(
            "POST", path, params=params, json=body, cast_to=cast_to, options=options
        )

    def delete(
        self,
        path: str,
        *,
        cast_to: Any = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        return self.request("DELETE", path, params=params, cast_to=cast_to, options=options)

    # -- pages -----------------------------------------------------------------------------

    def _get_page(
        self,
        path: str,
        page_cls: type[_SyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> _SyncPageT:
        """GET one page and return it bound to this client so it can fetch the next ones.

        Under ``with_raw_response`` / ``with_streaming_response`` it returns the response, whose
        ``parse()`` gives the bound page."""
        cls = self._bind_page(page_cls, item_model)
        query = dict(params or {})
        mode = take_response_mode()
        response, retries_taken, deadline = self._send(
            "GET", path, query, None, options, stream=mode == "stream"
        )

        def parser(resp: httpx.Response, found: list[Deviation] | None = None) -> _SyncPageT:
            page: _SyncPageT = self._parse(resp, cls, found)
            page._set_context(self, path, query, options)
            return page

        if mode is None:
            return parser(response)
        raw: Any = self._respond(response, retries_taken, deadline, options, cls, parser)
        return raw  # type: ignore[no-any-return]

    def _get_page_raw(
        self,
        path: str,
        page_cls: type[_SyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> APIResponse[_SyncPageT]:
        """``with_raw_response`` for list methods: ``.parse()`` gives the bound page."""
        raw: APIResponse[_SyncPageT] = call_in_mode(
            "raw", self._get_page, path, page_cls, item_model, params, options
        )
        return raw
