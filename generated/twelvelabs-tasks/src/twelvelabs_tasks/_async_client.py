"""The asynchronous client: the send loop (each attempt under ``asyncio.timeout`` of its
deadline) and the methods the generated resources call. Decisions are ``_core``'s and
``_retry``'s; ``asyncio`` is imported on first use, not with the package."""

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
from ._response import AsyncAPIResponse
from ._transport import (
    BodyDecodeError,
    BodyTooLargeError,
    DefaultAioHttpClient,
    DefaultAsyncHttpxClient,
    aiter_decoded,
    aread_body,
)
from ._types import RequestOptions
from ._wrappers import acall_in_mode, take_response_mode

if TYPE_CHECKING:
    from typing import Self

    from ._lenient import Deviation
    from ._pagination import AsyncPage, AsyncPaginator

__all__ = ["AsyncAPIClient"]

_T = TypeVar("_T")
_ItemT = TypeVar("_ItemT")
_AsyncPageT = TypeVar("_AsyncPageT", bound="AsyncPage[Any]")


class AsyncAPIClient(BaseClient[httpx.AsyncClient]):
    """Base of the generated asynchronous client."""

    _client: httpx.AsyncClient

    @staticmethod
    def _default_http_client(timeout: httpx.Timeout) -> httpx.AsyncClient:
        return DefaultAsyncHttpxClient(timeout=timeout)

    @staticmethod
    def _closes_with_us(http_client: httpx.AsyncClient) -> bool:
        # DefaultAsyncHttpxClient / DefaultAioHttpClient are closed with this client (as in
        # the official SDKs); any other httpx client stays the caller's to close.
        return isinstance(http_client, (DefaultAsyncHttpxClient, DefaultAioHttpClient))

    # -- lifecycle -------------------------------------------------------------------------

    async def close(self) -> None:
        """Close the connection pool (a no-op for copies and for a caller's own httpx client;
        a ``Default*Client`` passed as ``http_client`` is closed too)."""
        if self._owns_client:
            await self._client.aclose()

    aclose = close

    @property
    def is_closed(self) -> bool:
        return self._client.is_closed

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- requests --------------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        json: object | None,
        options: RequestOptions | None,
        *,
        stream: bool = False,
    ) -> tuple[httpx.Response, int, float | None]:
        """Send with retries; each attempt runs under ``asyncio.timeout`` of its deadline."""
        import asyncio

        opts: RequestOptions = options or {}
        call = self._start_call(method, path, params, json, opts)
        limit = self._size_limit(opts)
        while True:
            deadline = call.budget.attempt_deadline()
            started = time.monotonic()
            left = None if deadline is None else max(deadline - started, 0.0)
            try:
                try:
                    async with asyncio.timeout(left):
                        response = await self._client.send(
                            call.request, stream=True, follow_redirects=False
                        )
                        self._log_response(response, started, call.retries_taken)
                        if response.is_success:
                            if not stream:
                                await self._read(response, limit, deadline)
                            return response, call.retries_taken, deadline
                        step = call.after_status(response)
                        if step is None:
                            raise await self._read_status_error(response, limit, deadline)
                        await response.aclose()
                except TimeoutError:
                    timed_out = httpx.ReadTimeout("call deadline exceeded", request=call.request)
                    raise timed_out from None
                wait = call.follow(step)
            except httpx.TransportError as exc:
                delay = call.after_error(exc)
                if delay is None:
                    raise transport_error(exc, call.request, call.retries_taken + 1) from exc
                wait = delay
            if wait:
                await asyncio.sleep(wait)

    async def _read(self, response: httpx.Response, limit: int, deadline: float | None) -> bytes:
        """The whole decoded body; size and decoding failures become typed errors."""
        try:
            return await aread_body(response, limit, deadline)
        except (BodyTooLargeError, BodyDecodeError) as exc:
            raise body_error(exc, response) from None

    async def _read_status_error(
        self, response: httpx.Response, limit: int, deadline: float | None
    ) -> APIStatusError:
        try:
            await aread_body(response, min(limit, ERROR_BODY_LIMIT), deadline)
        except (BodyTooLargeError, BodyDecodeError) as exc:
            return unread_status_error(response, exc)
        return status_error(response)

    def _stream_reader(
        self, response: httpx.Response, options: RequestOptions | None, deadline: float | None
    ) -> tuple[Any, Any]:
        limit = self._size_limit(options)

        async def read(resp: httpx.Response) -> bytes:
            try:
                return await self._read(resp, limit, deadline)
            except httpx.TransportError as exc:
                raise transport_error(exc, resp.request, 1) from exc

        async def chunks(resp: httpx.Response) -> Any:
            try:
                async for piece in aiter_decoded(resp, limit, deadline):
                    yield piece
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
    ) -> AsyncAPIResponse[Any]:
        read, chunks = self._stream_reader(response, options, deadline)
        return AsyncAPIResponse(
            response,
            cast_to=cast_to,
            retries_taken=retries_taken,
            parser=parser,
            reader=read,
            chunks=chunks,
        )

    @overload
    async def request(
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
    async def request(
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
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any,
        options: RequestOptions | None = None,
    ) -> Any: ...

    async def request(
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
        response, retries_taken, deadline = await self._send(
            method, path, params, json, options, stream=mode == "stream"
        )
        if mode is None:
            return self._parse(response, cast_to)

        def parser(resp: httpx.Response, found: list[Deviation]) -> Any:
            return self._parse(resp, cast_to, found)

        return self._respond(response, retries_taken, deadline, options, cast_to, parser)

    @overload
    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: type[_T],
        options: RequestOptions | None = None,
    ) -> AsyncAPIResponse[_T]: ...

    @overload
    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> AsyncAPIResponse[Any]: ...

    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> AsyncAPIResponse[Any]:
        """Like ``request`` but returns the response (body read); ``await .parse()`` validates."""
        response, retries_taken, deadline = await self._send(method, path, params, json, options)

        def parser(resp: httpx.Response, found: list[Deviation]) -> Any:
            return self._parse(resp, cast_to, found)

        return self._respond(response, retries_taken, deadline, options, cast_to, parser)

    async def get(
        self,
        path: str,
        *,
        cast_to: Any = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Escape hatch for endpoints the package does not cover."""
        return await self.request("GET", path, params=params, cast_to=cast_to, options=options)

    async def post(
        self,
        path: str,
        *,
        cast_to: Any = None,
        body: object | None = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        return await self.request(
            "POST", path, params=params, json=body, cast_to=cast_to, options=options
        )

    async def delete(
        self,
        path: str,
        *,
        cast_to: Any = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        return await self.request("DELETE", path, params=params, cast_to=cast_to, options=options)

    # -- pages -----------------------------------------------------------------------------

    def _get_page(
        self,
        path: str,
        page_cls: type[_AsyncPageT],
        item_model: type[_ItemT],
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPaginator[_ItemT, _AsyncPageT]:
        """Not a coroutine: ``await`` the result for the first page, or ``async for`` the items."""
        from ._pagination import AsyncPaginator

        return AsyncPaginator(self, path, self._bind_page(page_cls, item_model), params, options)

    async def _fetch_page(
        self,
        path: str,
        page_cls: type[_AsyncPageT],
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> _AsyncPageT:
        """GET one page bound to this client (the response, under a raw/streaming wrapper)."""
        query = dict(params or {})
        mode = take_response_mode()
        response, retries_taken, deadline = await self._send(
            "GET", path, query, None, options, stream=mode == "stream"
        )

        def parser(resp: httpx.Response, found: list[Deviation] | None = None) -> _AsyncPageT:
            page: _AsyncPageT = self._parse(resp, page_cls, found)
            page._set_context(self, path, query, options)
            return page

        if mode is None:
            return parser(response)
        raw: Any = self._respond(response, retries_taken, deadline, options, page_cls, parser)
        return raw  # type: ignore[no-any-return]

    async def _get_page_raw(
        self,
        path: str,
        page_cls: type[_AsyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncAPIResponse[_AsyncPageT]:
        """``with_raw_response`` for list methods: ``await .parse()`` gives the bound page."""
        cls = self._bind_page(page_cls, item_model)
        raw: AsyncAPIResponse[_AsyncPageT] = await acall_in_mode(
            "raw", self._fetch_page, path, cls, params, options
        )
        return raw
