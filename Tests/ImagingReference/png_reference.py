"""Reference PNGs and pixel values for the PNG reader/writer tests.

usage:
  png_reference.py generate OUT_DIR     every colour type / bit depth / palette+tRNS, Adam7 or not, rows filtered
                                        with each of the five filter types in turn; written by the small encoder
                                        below (Pillow cannot write Adam7 or chosen filters). OUT_DIR/index.json lists
                                        them; NAME.expected holds the source samples as little-endian uint16.
  png_reference.py decode OUT_DIR FILE...  Pillow's pixel values of each FILE (index.json): uint8 where Pillow
                                        gives 8-bit values, else little-endian uint16.
"""
import json
import os
import struct
import sys
import zlib

import numpy as np
from PIL import Image

CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def pack_row(values, bit_depth):
    if bit_depth == 16:
        return b"".join(int(v).to_bytes(2, "big") for v in values)
    if bit_depth == 8:
        return bytes(int(v) for v in values)
    per_byte = 8 // bit_depth
    out = bytearray((len(values) + per_byte - 1) // per_byte)
    for i, v in enumerate(values):
        out[i // per_byte] |= int(v) << (8 - bit_depth * (i % per_byte + 1))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_rows(rows, bpp, first_filter):
    out = bytearray()
    prev = bytes(len(rows[0])) if rows else b""
    for index, row in enumerate(rows):
        kind = (first_filter + index) % 5
        filtered = bytearray(len(row))
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            filtered[i] = (x - predictor) & 0xFF
        out.append(kind)
        out += filtered
        prev = row
    return bytes(out)


def chunk(kind, data):
    body = kind.encode() + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def encode(samples, bit_depth, color_type, interlace, palette=None, trns=None):
    height, width, channels = samples.shape
    bpp = max(1, channels * bit_depth // 8)
    stream = b""
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for number, (x0, y0, dx, dy) in enumerate(passes):
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        rows = [pack_row(sub[y].reshape(-1), bit_depth) for y in range(sub.shape[0])]
        stream += filter_rows(rows, bpp, number)
    compressed = zlib.compress(stream, 9)
    # several IDAT chunks, as real encoders split them
    idats = b"".join(chunk("IDAT", compressed[i:i + 100]) for i in range(0, len(compressed), 100))
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlace else 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk("IHDR", header) + chunk("tEXt", b"Comment\x00reference")
    if palette is not None:
        png += chunk("PLTE", bytes(palette.reshape(-1).tolist()))
    if trns is not None:
        png += chunk("tRNS", bytes(trns.tolist()))
    return png + idats + chunk("IEND", b"")


def generate(out_dir):
    rng = np.random.default_rng(20260127)
    records = []
    variants = [(0, d) for d in (1, 2, 4, 8, 16)] + [(2, 8), (2, 16), (4, 8), (4, 16), (6, 8), (6, 16)]
    variants += [(3, d) for d in (1, 2, 4, 8)]
    for color_type, bit_depth in variants:
        for interlace in (False, True):
            for trns in ((False, True) if color_type == 3 else (False,)):
                for width, height in ((37, 23), (3, 2), (1, 1)):
                    channels = CHANNELS[color_type]
                    maximum = (1 << bit_depth) - 1
                    palette = alpha = None
                    if color_type == 3:
                        entries = 1 << bit_depth
                        palette = rng.integers(0, 256, size=(entries, 3), dtype=np.uint8)
                        alpha = rng.integers(0, 256, size=entries // 2 + 1, dtype=np.uint8) if trns else None
                        indices = rng.integers(0, entries, size=(height, width, 1))
                        samples = indices
                        expanded = palette[indices[..., 0]]
                        if alpha is not None:
                            full_alpha = np.full(entries, 255, dtype=np.uint8)
                            full_alpha[:len(alpha)] = alpha
                            expanded = np.concatenate([expanded, full_alpha[indices]], axis=2)
                    else:
                        samples = rng.integers(0, maximum + 1, size=(height, width, channels))
                        expanded = samples
                    name = f"ct{color_type}_d{bit_depth}_i{int(interlace)}_t{int(trns)}_{width}x{height}"
                    png = encode(samples, bit_depth, color_type, interlace, palette, alpha)
                    path = os.path.join(out_dir, name + ".png")
                    with open(path, "wb") as handle:
                        handle.write(png)
                    np.asarray(expanded, dtype="<u2").tofile(os.path.join(out_dir, name + ".expected"))
                    cross_check_with_pillow(path, color_type, bit_depth, expanded)
                    records.append({"path": path, "expected": os.path.join(out_dir, name + ".expected"),
                                    "width": width, "height": height, "channels": int(expanded.shape[2]),
                                    "bit_depth": 8 if color_type == 3 else bit_depth})
    with open(os.path.join(out_dir, "index.json"), "w") as handle:
        json.dump(records, handle, indent=1)


def cross_check_with_pillow(path, color_type, bit_depth, expanded):
    """Pillow must read what this encoder meant, wherever Pillow keeps values exactly."""
    exact = (color_type in (2, 4, 6) and bit_depth == 8) or (color_type == 0 and bit_depth in (8, 16))
    if color_type == 3:
        image = Image.open(path).convert("RGBA" if expanded.shape[2] == 4 else "RGB")
    elif exact:
        image = Image.open(path)
    else:
        return
    pillow = np.array(image).reshape(expanded.shape)
    if not np.array_equal(pillow.astype(np.int64), expanded.astype(np.int64)):
        raise SystemExit(f"Pillow disagrees with the reference encoder on {path}")


def decode(out_dir, files):
    records = []
    for index, path in enumerate(files):
        image = Image.open(path)
        array = np.array(image)
        target = os.path.join(out_dir, f"{index:04d}.pillow")
        dtype = "uint8" if array.dtype == np.uint8 else "uint16"
        np.asarray(array, dtype="<u1" if dtype == "uint8" else "<u2").tofile(target)
        records.append({"path": path, "pillow": target, "dtype": dtype, "mode": image.mode, "width": image.width,
                        "height": image.height})
    with open(os.path.join(out_dir, "index.json"), "w") as handle:
        json.dump(records, handle, indent=1)


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    else:
        decode(sys.argv[2], sys.argv[3:])
