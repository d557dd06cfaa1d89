#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An independent MRTD replay of a TDVF image (hashlib), to check `tdxctl td
measure --offline` against, and a writer of crafted images.  Written from
the rules (TDX-FACTS.md, TDX-TD-FACTS.md section 5), not from src/lib.

  tdvf_mrtd.py mrtd IMAGE [--two-pass] [--transcript]   MRTD hex, or the ops as JSON
  tdvf_mrtd.py craft NAME OUT                             write a crafted image
"""
import hashlib
import json
import struct
import sys
import uuid

FOOTER = uuid.UUID('96b582de-1fb2-45f7-baea-a366c55a082d').bytes_le
TDX = uuid.UUID('e47a6535-984a-4798-865e-4685a7bf8ec2').bytes_le
META = uuid.UUID('e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae').bytes_le
BFV, CFV, HOB, TEMP, PERM, PAYLOAD, PARAM = range(7)
EXT, AUG = 1, 2


def descriptor_offset(img):
    n = len(img)
    if img[n - 48:n - 32] == FOOTER:
        tlen = struct.unpack_from('<H', img, n - 50)[0]
        start, p = n - 32 - tlen, n - 50
        while p - 18 >= start:
            elen = struct.unpack_from('<H', img, p - 18)[0]
            if img[p - 16:p] == TDX:
                return n - struct.unpack_from('<I', img, p - 22)[0]
            p -= elen
        raise ValueError('no TDX metadata entry')
    off = struct.unpack_from('<I', img, n - 32)[0]    # td-shim
    if img[off - 16:off] != META:
        raise ValueError('no TDVF metadata')
    return off


def sections(img):
    d = descriptor_offset(img)
    sig, _length, _version, count = struct.unpack_from('<4sIII', img, d)
    assert sig == b'TDVF'
    return [struct.unpack_from('<IIQQII', img, d + 16 + 32 * i) for i in range(count)]


def transcript(img, two_pass):
    """(op, gpa, 256 data bytes or None) in the order the TDX module hashes them."""
    ops = []
    for off, raw, gpa, size, _type, attr in sections(img):
        if attr & AUG:
            continue
        data = img[off:off + raw] + bytes(size - raw)
        pages = range(0, size, 4096)
        extends = [('MR.EXTEND', gpa + p + c, data[p + c:p + c + 256])
                   for p in pages for c in range(0, 4096, 256)] if attr & EXT else []
        if two_pass:
            ops += [('PAGE.ADD', gpa + p, None) for p in pages] + extends
        else:
            for p in pages:
                ops.append(('PAGE.ADD', gpa + p, None))
                ops += extends[p // 256:p // 256 + 16]
    return ops


def mrtd(img, two_pass):
    h = hashlib.sha384()
    for op, gpa, data in transcript(img, two_pass):
        tag = b'MEM.PAGE.ADD' if op == 'PAGE.ADD' else b'MR.EXTEND'
        h.update(tag.ljust(16, b'\0') + struct.pack('<Q', gpa) + bytes(104))
        if data is not None:
            h.update(data)
    return h.hexdigest()


def image(size, desc, secs, fill=lambda i: (i * 13 + 5) & 0xff):
    """OVMF shape: contents, the descriptor at desc, the GUIDed table at the end."""
    img = bytearray(fill(i) for i in range(size))
    meta = META + b'TDVF' + struct.pack('<III', 16 + 32 * len(secs), 1, len(secs))
    for s in secs:
        meta += struct.pack('<IIQQII', *s)
    img[desc - 16:desc - 16 + len(meta)] = meta
    table = struct.pack('<I', size - desc) + struct.pack('<H', 22) + TDX
    table += struct.pack('<H', len(table) + 18) + FOOTER
    img[size - 32 - len(table):size - 32] = table
    return bytes(img)


CRAFTED = {
    # one zero page at GPA 0, measured: the check value of TDX-TD-FACTS.md section 5
    'zero-page': lambda: image(0x2000, 0x1800, [
        (0, 0x1000, 0, 0x1000, BFV, EXT),
        (0, 0, 0x1000000, 0x100000, PERM, AUG)], fill=lambda i: 0 if i < 0x1000 else 0x5a),
    # the least an image can have: one unmeasured page, the rest accepted later
    'minimal': lambda: image(0x1000, 0x800, [
        (0, 0x1000, 0xfffff000, 0x1000, BFV, 0),
        (0, 0, 0x1000000, 0x100000, PERM, AUG)]),
    # every section type and attribute, raw data shorter than the memory
    'every-kind': lambda: image(0x4000, 0x3800, [
        (0x1000, 0x2000, 0xffffd000, 0x3000, BFV, EXT),
        (0, 0x1000, 0xffffc000, 0x1000, BFV, 0),
        (0x3000, 0x800, 0xffffa000, 0x2000, CFV, EXT),
        (0, 0, 0x809000, 0x2000, HOB, 0),
        (0, 0, 0x800000, 0x6000, TEMP, 0),
        (0, 0, 0x900000, 0x1000, TEMP, AUG),
        (0, 0, 0x2000000, 0x2000, PERM, 0),
        (0, 0, 0x1000000, 0x100000, PERM, AUG),
        (0x1000, 0x1000, 0x3000000, 0x2000, PAYLOAD, EXT),
        (0, 0, 0x5000000, 0x1000, PAYLOAD, AUG),
        (0x2000, 0x100, 0x7000000, 0x1000, PARAM, 0)]),
    # section 1's MemoryAddress is not 4K aligned
    'bad-align': lambda: image(0x1000, 0x800, [
        (0, 0x1000, 0xfffff000, 0x1000, BFV, EXT),
        (0, 0, 0x809100, 0x2000, HOB, 0)]),
    # section 2 overlaps section 0
    'bad-overlap': lambda: image(0x1000, 0x800, [
        (0, 0x1000, 0xfffff000, 0x1000, BFV, EXT),
        (0, 0, 0x809000, 0x2000, HOB, 0),
        (0, 0, 0xffffe000, 0x2000, TEMP, 0)]),
}


def main(argv):
    if len(argv) >= 3 and argv[1] == 'mrtd':
        img = open(argv[2], 'rb').read()
        if '--transcript' in argv:
            print(json.dumps([{'op': o, 'gpa': g} for o, g, _ in
                              transcript(img, '--two-pass' in argv)]))
        else:
            print(mrtd(img, '--two-pass' in argv))
    elif len(argv) == 4 and argv[1] == 'craft':
        open(argv[3], 'wb').write(CRAFTED[argv[2]]())
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
