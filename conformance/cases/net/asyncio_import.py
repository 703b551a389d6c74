# The modules whose import used to stop at `_socket`.
import socket
import asyncio
import unittest.mock

m = unittest.mock.MagicMock()
m.method(1, key=2)
print(m.method.call_args)
print(asyncio.iscoroutinefunction(print), repr(socket.SOCK_STREAM))
