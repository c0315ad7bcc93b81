"""The test suite's no-network guard, for pytest itself and for every child Python.

Coalition Desk never reaches the internet; the one connection it may open is to the
PostgreSQL server an officer names (team mode). Under test that is the suite's own
server on 127.0.0.1 (tests/pg_server.py), whose ports the suite lists in
COALITION_DESK_TEST_PG_PORTS. Any other attempt to reach a host, to resolve a name that
is not this machine, or to send a datagram raises NetworkAccessError (an AssertionError,
so that ``urllib`` and friends, which catch OSError, cannot swallow it).

psycopg connects through libpq, in C, past Python's socket module: its ``connect`` is
wrapped too (once psycopg is imported), checking where each attempt goes before it is
made and where the connection went once it is made (a libpq service file can name a host
Python never sees).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import socket
import sys
from typing import Any

ENV_FLAG = "COALITION_DESK_NO_NETWORK"
ALLOWED_PORTS_ENV = "COALITION_DESK_TEST_PG_PORTS"
_LOOPBACK = frozenset({"127.0.0.1", "::1"})
_INTERNET = (socket.AF_INET, socket.AF_INET6)
_LOCAL_NAMES = frozenset({"", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::"})


class NetworkAccessError(AssertionError):
    pass


def _local_names() -> frozenset[str]:
    return _LOCAL_NAMES | {socket.gethostname().lower()}


def _refuse(what: str) -> NetworkAccessError:
    return NetworkAccessError(f"a test tried to use the network: {what}")


def _allowed_ports() -> frozenset[str]:
    return frozenset(filter(None, os.environ.get(ALLOWED_PORTS_ENV, "").split(",")))


def _allowed(host: object, port: object) -> bool:
    """Loopback, to a port of the suite's own PostgreSQL server: nothing else."""
    return str(host) in _LOOPBACK and str(port) in _allowed_ports()


def _check_psycopg_attempts(connection_type: Any, conninfo: str, kwargs: dict) -> None:
    from psycopg.conninfo import conninfo_attempts

    params = connection_type._get_connection_params(conninfo, **kwargs)
    for attempt in conninfo_attempts(params):
        host = str(attempt.get("hostaddr") or attempt.get("host") or os.environ.get("PGHOST", ""))
        port = attempt.get("port") or os.environ.get("PGPORT") or "5432"
        if host and not host.startswith("/") and not _allowed(host, port):
            raise _refuse(f"psycopg.connect to {host}:{port}")


def _guard_psycopg(module: Any) -> None:
    connection_type = module.Connection
    if getattr(connection_type, "_coalition_desk_guarded", False):
        return
    original = connection_type.connect.__func__

    def connect(cls: Any, conninfo: str = "", **kwargs: Any) -> Any:
        _check_psycopg_attempts(cls, conninfo, kwargs)
        connection = original(cls, conninfo, **kwargs)
        info = connection.info
        over_tcp = bool(info.hostaddr) or not str(info.host).startswith("/")
        if over_tcp and not _allowed(info.hostaddr or info.host, info.port):
            connection.close()
            raise _refuse(f"psycopg connected to {info.host}:{info.port}")
        return connection

    connection_type.connect = classmethod(connect)
    module.connect = connection_type.connect
    connection_type._coalition_desk_guarded = True


class _PsycopgImportHook(importlib.abc.MetaPathFinder):
    """Wraps psycopg's connect the moment psycopg is imported (importing it up front
    would slow every Python the suite starts)."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "psycopg":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module: Any) -> None:
            original_exec(module)
            _guard_psycopg(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


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
                # Only a connection to the suite's own server gets through.
                address = args[0] if args else None
                if not (
                    name in ("connect", "connect_ex")
                    and isinstance(address, tuple)
                    and _allowed(*address[:2])
                ):
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
    if "psycopg" in sys.modules:
        _guard_psycopg(sys.modules["psycopg"])
    else:
        sys.meta_path.insert(0, _PsycopgImportHook())
    for name in real_lookups:
        setattr(socket, name, guard_lookup(name))
    socket._coalition_desk_guarded = True  # type: ignore[attr-defined]
