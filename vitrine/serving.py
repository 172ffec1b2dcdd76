"""What `vitrine serve` adds to uvicorn."""

from __future__ import annotations

import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

    With ``--workers N`` uvicorn binds the listening socket itself as
    ``socket.socket(AF_INET)`` (protocol number 0), and asyncio sets TCP_NODELAY only on
    sockets whose protocol reads IPPROTO_TCP: every answer, sent as headers then body,
    waited for the client's delayed ACK (40 ms). Measured with two workers on the bare
    FastAPI app: 1,137 requests/s, each taking 44 ms, against 5,128/s with one worker.
    """

    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # not a TCP socket after all: nothing to turn off
                pass
        super().connection_made(transport)
