import socket

import pytest

from tests.conftest import NetworkAccessError


def test_any_internet_connection_fails_the_test() -> None:
    with pytest.raises(NetworkAccessError), socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect(("127.0.0.1", 9))
