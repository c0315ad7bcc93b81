"""The test suite's no-network guard, for pytest itself and for every child Python.

Coalition Desk never touches the network. Any attempt to reach a host, to resolve a
name that is not this machine, or to send a datagram raises NetworkAccessError (an
AssertionError, so that ``urllib`` and friends, which catch OSError, cannot swallow it).
"""

from __future__ import annotations

import socket
from typing import Any

ENV_FLAG = "COALITION_DESK_NO_NETWORK"
_INTERNET = (socket.AF_INET, socket.AF_INET6)
_LOCAL_NAMES = frozenset({"", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::"})


class NetworkAccessError(AssertionError):
    pass


def _local_names() -> frozenset[str]:
    return _LOCAL_NAMES | {socket.gethostname().lower()}


def _refuse(what: str) -> NetworkAccessError:
    return NetworkAccessError(f"a test tried to use the network: {what}")


def install() -> None:
    """Wrap the socket module's ways out; idempotent."""
    if getattr(socket, "_coalition_desk_guarded", False):
        return
    local = _local_names()
    real = {
        name: getattr(socket.socket, name)
        for name in ("connect", "connect_ex", "sendto", "sendmsg")
    }
    real_lookups = {
        name: getattr(socket, name)
        for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr")
    }

    def guard_method(name: str) -> Any:
        original = real[name]

        def guarded(self: socket.socket, *args: Any) -> Any:
            if self.family in _INTERNET:
                raise _refuse(f"socket.{name}{args!r}")
            return original(self, *args)

        guarded.__name__ = name
        return guarded

    def guard_lookup(name: str) -> Any:
        original = real_lookups[name]

        def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
            text = host.decode() if isinstance(host, bytes) else str(host or "")
            if text.lower() not in local:
                raise _refuse(f"socket.{name}({host!r})")
            return original(host, *args, **kwargs)

        guarded.__name__ = name
        return guarded

    for name in real:
        setattr(socket.socket, name, guard_method(name))
    for name in real_lookups:
        setattr(socket, name, guard_lookup(name))
    socket._coalition_desk_guarded = True  # type: ignore[attr-defined]
