print(int.from_bytes(b"\x01\x02"), (258).to_bytes(2), int.from_bytes(b"\x01\x02", "little"), (1).to_bytes())
