"""The whole suite, and every Python it starts, fails on any attempt to use the network."""

from __future__ import annotations

import os
import socket
import urllib.request

import pytest

from tests.conftest import GUARD, NetworkAccessError
from tests.reliability.helpers import start_python


def test_urlopen_of_a_web_address_fails_the_test() -> None:
    with pytest.raises(NetworkAccessError, match=r"example\.com"):
        urllib.request.urlopen("http://example.com", timeout=5)


def test_a_direct_connection_even_to_this_machine_fails_the_test() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(NetworkAccessError):
        s.connect(("127.0.0.1", 9))
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s, pytest.raises(NetworkAccessError):
        s.connect_ex(("::1", 9))


def test_a_datagram_or_a_name_lookup_fails_the_test() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(NetworkAccessError):
        s.sendto(b"x", ("192.0.2.1", 53))
    for lookup in (socket.getaddrinfo, socket.gethostbyname):
        with pytest.raises(NetworkAccessError, match=r"updates\.example\.org"):
            lookup("updates.example.org", 443) if lookup is socket.getaddrinfo else lookup(
                "updates.example.org"
            )


def test_local_sockets_that_are_not_network_still_work() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"
    assert socket.getaddrinfo("localhost", None)


def test_every_python_the_suite_starts_is_guarded_too() -> None:
    assert os.environ["COALITION_DESK_NO_NETWORK"] == "1"
    assert str(GUARD) in os.environ["PYTHONPATH"].split(os.pathsep)
    child = start_python(
        """
        import urllib.request
        urllib.request.urlopen("http://example.com", timeout=5)
        """
    )
    _out, err = child.communicate(timeout=60)
    assert child.returncode != 0
    assert "NetworkAccessError" in err and "example.com" in err


def test_loopback_to_the_suites_own_postgresql_server_is_the_one_way_through(pg_server) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect(("127.0.0.1", pg_server.port))  # the suite's own server: allowed
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(NetworkAccessError):
        s.connect(("127.0.0.1", pg_server.port + 1))  # another port of this machine: refused


def test_psycopg_reaches_the_test_server_and_nothing_else(pg_server) -> None:
    import psycopg

    with psycopg.connect(pg_server.conninfo()) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    for conninfo in (
        f"host=127.0.0.1 port={pg_server.port + 1} user=postgres connect_timeout=2",
        f"hostaddr=192.0.2.1 port={pg_server.port} user=postgres connect_timeout=2",
        "host=db.example.org user=postgres connect_timeout=2",
    ):
        with pytest.raises(NetworkAccessError):
            psycopg.connect(conninfo)


def test_a_child_python_reaching_another_server_fails_too(pg_server) -> None:
    child = start_python(
        """
        import psycopg
        psycopg.connect("hostaddr=192.0.2.1 port=5432 user=postgres connect_timeout=2")
        """
    )
    _out, err = child.communicate(timeout=60)
    assert child.returncode != 0
    assert "NetworkAccessError" in err and "192.0.2.1" in err
