"""Hand-built zip archives for the reader's safety tests (no template needed).

`write_bomb` writes a deflate entry that inflates to gigabytes in well under a second: the
compressed form of one block of spaces is repeated (a full flush makes each block
independent), and the CRC of the whole is combined arithmetically instead of computed.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

BLOCK = 16 * 1024 * 1024


def _gf2_times(mat: list[int], vec: int) -> int:
    out, i = 0, 0
    while vec:
        if vec & 1:
            out ^= mat[i]
        vec >>= 1
        i += 1
    return out


def _gf2_square(mat: list[int]) -> list[int]:
    return [_gf2_times(mat, mat[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """zlib's crc32_combine: CRC of A||B from CRC(A), CRC(B) and len(B)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def write_zip(path: Path, entries: list[tuple[str, bytes, bytes, int, int, int]]) -> None:
    """entries: (name, stored bytes, unused, crc, uncompressed size, method) -> a zip file."""
    local, central = bytearray(), bytearray()
    for name, data, _, crc, size, method in entries:
        raw = name.encode()
        offset = len(local)
        local += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(raw), 0
        )
        local += raw + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(raw),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    path.write_bytes(bytes(local + central + end))


def deflated(name: str, data: bytes) -> tuple[str, bytes, bytes, int, int, int]:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = c.compress(data) + c.flush()
    return (name, packed, b"", zlib.crc32(data), len(data), 8)


def bomb_entry(name: str, blocks: int) -> tuple[str, bytes, bytes, int, int, int]:
    """`blocks` (a power of two) x 16 MiB of spaces as one deflate entry of a few hundred KB."""
    assert blocks > 0 and blocks & (blocks - 1) == 0
    chunk = b" " * BLOCK
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    packed = first + again * (blocks - 1) + c.flush()
    crc, length = zlib.crc32(chunk), BLOCK
    while length < blocks * BLOCK:  # doubling: CRC(X||X) from CRC(X)
        crc, length = crc32_combine(crc, crc, length), length * 2
    return (name, packed, b"", crc, length, 8)
