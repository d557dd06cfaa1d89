#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of fuzz_tdvf (corpus/tdvf/): small valid TDVF images
of each shape the parser knows, and near misses.  Run from this directory."""
import os
import struct
import uuid

FOOTER = uuid.UUID('96b582de-1fb2-45f7-baea-a366c55a082d').bytes_le
TDX = uuid.UUID('e47a6535-984a-4798-865e-4685a7bf8ec2').bytes_le
SEV = uuid.UUID('00f771de-1a7e-4fcb-890e-68c77e2fb44e').bytes_le
META = uuid.UUID('e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae').bytes_le

BFV, CFV, HOB, TEMP, PERM, PAYLOAD, PARAM = range(7)
EXT, AUG = 1, 2


def descriptor(sections):
    d = b'TDVF' + struct.pack('<III', 16 + 32 * len(sections), 1, len(sections))
    for s in sections:
        d += struct.pack('<IIQQII', *s)
    return META + d


def image(size, desc_off, sections, tdshim=False, entries=((SEV, b'\x00\xf0\xff\xff'),)):
    img = bytearray((i * 7) & 0xff for i in range(size))
    if desc_off is not None:
        meta = descriptor(sections)
        img[desc_off - 16:desc_off - 16 + len(meta)] = meta
    if tdshim:
        img[size - 32:size - 28] = struct.pack('<I', desc_off)
        return bytes(img)
    table = b''
    for guid, data in entries:
        table += data + struct.pack('<H', len(data) + 18) + guid
    if desc_off is not None:
        data = struct.pack('<I', size - desc_off)
        table += data + struct.pack('<H', 22) + TDX
    table += struct.pack('<H', len(table) + 18) + FOOTER
    img[size - 32 - len(table):size - 32] = table
    return bytes(img)


def main():
    out = 'corpus/tdvf'
    os.makedirs(out, exist_ok=True)
    seeds = {
        # OVMF shape: the BFV is the whole image and holds the metadata
        'ovmf-min': image(0x1000, 0x800, [
            (0, 0x1000, 0xfffff000, 0x1000, BFV, EXT),
            (0, 0, 0x809000, 0x2000, HOB, 0),
            (0, 0, 0x800000, 0x6000, TEMP, 0)]),
        'ovmf-cfv': image(0x2000, 0x1800, [
            (0x1000, 0x1000, 0xfffff000, 0x1000, BFV, EXT),
            (0, 0x1000, 0xffffe000, 0x1000, CFV, 0),
            (0, 0, 0x810000, 0x10000, TEMP, 0),
            (0, 0, 0x80b000, 0x2000, TEMP, 0),
            (0, 0, 0x809000, 0x2000, HOB, 0),
            (0, 0, 0x800000, 0x6000, TEMP, 0)]),
        'every-type': image(0x2000, 0x1800, [
            (0, 0x2000, 0xffffe000, 0x2000, BFV, EXT),
            (0x1000, 0x800, 0xffffc000, 0x2000, CFV, EXT),
            (0, 0, 0x809000, 0x1000, HOB, 0),
            (0, 0, 0x900000, 0x1000, TEMP, AUG),
            (0, 0, 0x1000000, 0x10000, PERM, AUG),
            (0x1000, 0x1000, 0x2000000, 0x2000, PAYLOAD, EXT),
            (0, 0, 0x3000000, 0x1000, PARAM, 0)]),
        'tdshim': image(0x1000, 0x400, [
            (0, 0x1000, 0xfffff000, 0x1000, BFV, EXT),
            (0, 0, 0x1000000, 0x100000, PERM, AUG),
            (0, 0, 0x800000, 0x1000, TEMP, 0)], tdshim=True),
        # the descriptor ends where the table starts: one more section runs past it
        'ovmf-tight': image(0x1000, 0x1000 - 32 - 62 - 16 - 32 * 3, [
            (0, 0x1000, 0xfffff000, 0x1000, BFV, EXT),
            (0, 0, 0x809000, 0x2000, HOB, 0),
            (0, 0, 0x800000, 0x6000, TEMP, 0)]),
        'no-tdx-entry': image(0x1000, None, []),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
