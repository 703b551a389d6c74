# A small asyncio program: an echo server on the loopback and a client,
# sock_* coroutines over a socketpair, a timeout.
import asyncio
import socket


async def handle(reader, writer):
    data = await reader.readline()
    writer.write(data.upper())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello asyncio\n")
    await writer.drain()
    print(await reader.readline())
    print(await reader.read())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()

    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    await loop.sock_sendall(a, b"over a pair")
    print(await loop.sock_recv(b, 100))
    try:
        await asyncio.wait_for(loop.sock_recv(b, 100), 0.05)
    except asyncio.TimeoutError:
        print("timed out")
    a.close()
    b.close()


asyncio.run(main())
