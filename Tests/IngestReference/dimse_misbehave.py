"""A peer that breaks the DICOM upper-layer protocol on purpose, for the DIMSE door's bad-input test.

usage: dimse_misbehave.py PORT CALLED_AE CALLING_AE
Opens one connection per case and prints JSON {case: what came back}: the type of the first PDU the server sent
("0x07" for A-ABORT …) or "closed" when it closed without one.
"""
import json
import socket
import struct
import sys

VERIFICATION = b"1.2.840.10008.1.1"
CT_STORAGE = b"1.2.840.10008.5.1.4.1.1.2"
EXPLICIT = b"1.2.840.10008.1.2.1"


def item(kind, value):
    return struct.pack(">BBH", kind, 0, len(value)) + value


def associate_request(called, calling, abstract):
    context = item(0x20, bytes([1, 0, 0, 0]) + item(0x30, abstract) + item(0x40, EXPLICIT))
    user = item(0x50, item(0x51, struct.pack(">I", 16384)))
    body = struct.pack(">HH", 1, 0) + called.ljust(16).encode() + calling.ljust(16).encode() + bytes(32)
    body += item(0x10, b"1.2.840.10008.3.1.1.1") + context + user
    return struct.pack(">BBI", 1, 0, len(body)) + body


def answer(sock):
    sock.settimeout(10)
    try:
        head = sock.recv(6)
    except (ConnectionResetError, socket.timeout):
        return "closed"
    return "closed" if len(head) < 1 else f"0x{head[0]:02x}"


def run(port, called, calling, payload, after_accept=None):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        if after_accept is not None:
            sock.sendall(associate_request(called, calling, CT_STORAGE))
            head = sock.recv(6)
            length = struct.unpack(">I", head[2:6])[0]
            while length > 0:
                length -= len(sock.recv(length))
            sock.sendall(after_accept)
            if payload is None:  # disappear mid-transfer
                return "left"
        else:
            sock.sendall(payload)
        return answer(sock)


def element(number, value):
    return struct.pack("<HHI", 0, number, len(value)) + value


def c_store_command():
    body = (element(0x0002, CT_STORAGE + b"\0") + element(0x0100, struct.pack("<H", 1))
            + element(0x0110, struct.pack("<H", 1)) + element(0x0700, struct.pack("<H", 0))
            + element(0x0800, struct.pack("<H", 0)) + element(0x1000, b"1.2.3.4"))
    return element(0x0000, struct.pack("<I", len(body))) + body


def p_data(payload, header):
    value = struct.pack(">I", 2 + len(payload)) + bytes([1, header]) + payload
    return struct.pack(">BBI", 4, 0, len(value)) + value


def main(port, called, calling):
    half_dataset = p_data(bytes(100), 0)  # a data set fragment that is not the last
    command = p_data(c_store_command(), 3)
    results = {
        "garbage": run(port, called, calling, b"\x42" * 64),
        "p_data_before_association": run(port, called, calling, command),
        "oversized_pdu": run(port, called, calling, struct.pack(">BBI", 4, 0, 1 << 30) + bytes(64)),
        "malformed_associate": run(port, called, calling, struct.pack(">BBI", 1, 0, 10) + bytes(10)),
        "unknown_pdu_type": run(port, called, calling, struct.pack(">BBI", 0x42, 0, 4) + bytes(4)),
        "dataset_without_command": run(port, called, calling, b"", after_accept=half_dataset),
        "half_sent_then_gone": run(port, called, calling, None, after_accept=command + half_dataset),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
