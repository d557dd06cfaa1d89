#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic-netlink client for the tdxhost family: standard library only.

Messages are built by hand so the tests can send what libnl never would:
wrong attribute types, missing or oversized attributes, unknown commands,
truncated messages.

  nlclient.py malformed   run the malformed-request cases, TAP output
  nlclient.py status      print the state name from a well-formed GET_STATUS
  nlclient.py dump-intr CMD   a metadata dump with CMD (a state change) run mid-way
  nlclient.py dump-intr --tds [--none] CMD
                          the same for the TD list (GET_TDS) with CMD (a TD
                          created or closed) run mid-way; --none: CMD changes
                          nothing, and no message may carry DUMP_INTR
"""
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2


def uapi_enum(name):
    """Values of one enum of the uapi header (generated from tdxhost.yaml), so the numbers never drift."""
    import re
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "../../include/uapi/linux/tdxhost_netlink.h")) as f:
        text = f.read()
    body = text[text.index("enum %s {" % name):]
    body = body[:body.index("};")]
    return {n: i for i, n in enumerate(re.findall(r"^\s*(\w+),", body, re.M))}


_cmd = uapi_enum("tdxhost_cmd")
_attr = uapi_enum("tdxhost_attr")
CMD_GET_STATUS = _cmd["TDXHOST_CMD_GET_STATUS"]
CMD_GET_TDMRS = _cmd["TDXHOST_CMD_GET_TDMRS"]
CMD_GET_METADATA = _cmd["TDXHOST_CMD_GET_METADATA"]
CMD_GET_STATS = _cmd["TDXHOST_CMD_GET_STATS"]
CMD_GET_TDS = _cmd["TDXHOST_CMD_GET_TDS"]
A_STATE = _attr["TDXHOST_A_STATE"]
A_STATE_NAME = _attr["TDXHOST_A_STATE_NAME"]
A_MD_ID = _attr["TDXHOST_A_MD_ID"]
A_MD_NAME = _attr["TDXHOST_A_MD_NAME"]
A_STATS_ALL = _attr["TDXHOST_A_STATS_ALL"]
A_MAX = _attr["__TDXHOST_A_MAX"] - 1


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def parse_attrs(data):
    out = {}
    while len(data) >= 4:
        length, atype = struct.unpack_from("=HH", data)
        if length < 4:
            break
        out.setdefault(atype & 0x3FFF, data[4:length])
        data = data[(length + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sk.bind((0, 0))
        self.sk.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sk.settimeout(10)
        self.seq = 1
        self.family = None

    def send_raw(self, data):
        self.sk.send(data)

    def msg(self, mtype, flags, cmd, attrs=b"", version=1, reserved=0, length=None):
        body = struct.pack("=BBH", cmd, version, reserved) + attrs
        self.seq += 1
        total = 16 + len(body) if length is None else length
        return struct.pack("=IHHII", total, mtype, flags, self.seq, 0) + body

    def recv_all(self):
        """Replies to the last request until an ack, error or DONE: (errno, extack, msgs)."""
        msgs = []
        while True:
            data = self.sk.recv(65536)
            while len(data) >= 16:
                length, mtype, flags, seq, _ = struct.unpack_from("=IHHII", data)
                payload = data[16:length]
                data = data[(length + 3) & ~3:]
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", payload)[0]
                    ext = {}
                    if flags & NLM_F_ACK_TLVS:
                        # CAP_ACK: the error, then the echoed header only
                        ext = parse_attrs(payload[4 + 16:])
                    return err, ext, msgs
                if mtype == NLMSG_DONE:
                    err = -struct.unpack_from("=i", payload)[0] if len(payload) >= 4 else 0
                    ext = parse_attrs(payload[4:]) if flags & NLM_F_ACK_TLVS else {}
                    return err, ext, msgs
                msgs.append(parse_attrs(payload[4:]))

    def request(self, cmd, attrs=b"", dump=False, **kw):
        flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK)
        self.send_raw(self.msg(self.family, flags, cmd, attrs, **kw))
        return self.recv_all()

    def resolve(self, name="tdxhost"):
        attrs = nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
        self.send_raw(self.msg(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, attrs))
        err, _, msgs = self.recv_all()
        if err or not msgs:
            raise SystemExit("family %s not found (errno %d)" % (name, err))
        self.family = struct.unpack("=H", msgs[0][CTRL_ATTR_FAMILY_ID][:2])[0]
        return self.family


def extack_msg(ext):
    m = ext.get(NLMSGERR_ATTR_MSG)
    return m.rstrip(b"\0").decode() if m else ""


def run_malformed():
    g = Genl()
    g.resolve()
    results = []

    def case(name, cmd, attrs=b"", dump=False, want_extack=True, errnos=None, **kw):
        err, ext, _ = g.request(cmd, attrs, dump, **kw)
        text = extack_msg(ext)
        ok = err != 0 and (errnos is None or err in errnos) and (text or not want_extack)
        results.append(ok)
        print("%s - netlink/%s: errno %d (%s) extack '%s'" %
              ("ok" if ok else "not ok", name, err, os.strerror(err) if err else "none", text))

    u32 = struct.pack("=I", 7)
    case("wrong type: MD_ID as u32", CMD_GET_METADATA, nla(A_MD_ID, u32))
    case("wrong type: STATS_ALL flag with a payload", CMD_GET_STATS, nla(A_STATS_ALL, u32), dump=True)
    case("missing attribute: GET_METADATA without MD_ID/MD_NAME", CMD_GET_METADATA)
    case("oversized: MD_NAME of 200 bytes", CMD_GET_METADATA, nla(A_MD_NAME, b"A" * 200 + b"\0"))
    case("string without NUL: MD_NAME", CMD_GET_METADATA, nla(A_MD_NAME, b"MAJOR_VERSION"))
    case("unknown field name", CMD_GET_METADATA, nla(A_MD_NAME, b"NO_SUCH_FIELD\0"), errnos={2})
    case("both MD_ID and MD_NAME", CMD_GET_METADATA,
         nla(A_MD_ID, struct.pack("=Q", 0x0800000100000004)) + nla(A_MD_NAME, b"MAJOR_VERSION\0"))
    case("attribute not in the command's policy", CMD_GET_STATUS, nla(A_STATE, u32))
    case("attribute type above maxattr", CMD_GET_STATUS, nla(A_MAX + 20, u32))
    case("attribute to a dump that takes none", CMD_GET_TDMRS, nla(A_MD_ID, struct.pack("=Q", 1)),
         dump=True)
    # attribute header claims more bytes than the message has
    case("truncated attribute", CMD_GET_METADATA, struct.pack("=HH", 40, A_MD_NAME) + b"ABCD")
    case("non-zero reserved genl header field", CMD_GET_STATUS, reserved=0x1234, want_extack=False)
    # the core answers these before any tdxhost policy: errno only
    case("unknown command", 99, want_extack=False, errnos={95})
    trunc = struct.pack("=IHHII", 18, g.family, NLM_F_REQUEST | NLM_F_ACK, 4242, 0) + b"\x01\x01"
    g.send_raw(trunc)
    err, _, _ = g.recv_all()
    ok = err != 0
    results.append(ok)
    print("%s - netlink/truncated genl header: errno %d" % ("ok" if ok else "not ok", err))

    # still answering
    err, _, msgs = g.request(CMD_GET_STATUS)
    ok = err == 0 and msgs and A_STATE_NAME in msgs[0]
    results.append(ok)
    print("%s - netlink/module answers afterwards: %s" %
          ("ok" if ok else "not ok", msgs[0][A_STATE_NAME].rstrip(b"\0").decode() if ok else err))
    return 0 if all(results) else 1


def run_dump_intr(cmd, dump_cmd=CMD_GET_METADATA, want_intr=True):
    """A dump during which @cmd runs: with a change, the later messages carry DUMP_INTR."""
    import subprocess
    family = Genl().resolve()
    # A fresh socket: the kernel sizes dump batches by the largest read so far.
    g = Genl()
    g.send_raw(g.msg(family, NLM_F_REQUEST | NLM_F_DUMP, dump_cmd))
    batches, intr, first_intr, done = 0, False, False, False
    while not done:
        # page-sized reads keep the kernel producing the dump in several batches
        data = g.sk.recv(4096)
        batches += 1
        while len(data) >= 16:
            length, mtype, flags, _, _ = struct.unpack_from("=IHHII", data)
            data = data[(length + 3) & ~3:]
            if flags & 0x10:  # NLM_F_DUMP_INTR
                intr = True
                first_intr = first_intr or batches == 1
            if mtype in (NLMSG_DONE, NLMSG_ERROR):
                done = True
        if batches == 1:
            subprocess.run(cmd, shell=True, check=True)
    ok = intr == want_intr and not first_intr and batches >= 3
    print("%s - netlink/dump %s: %d batches, NLM_F_DUMP_INTR %s" %
          ("ok" if ok else "not ok",
           "interrupted by a change" if want_intr else "beside a command that changes nothing",
           batches, intr))
    return 0 if ok else 1


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "status"
    if what == "malformed":
        return run_malformed()
    if what == "dump-intr":
        args = sys.argv[2:]
        dump_cmd = CMD_GET_TDS if "--tds" in args else CMD_GET_METADATA
        want_intr = "--none" not in args
        rest = [a for a in args if a not in ("--tds", "--none")]
        if len(rest) != 1:
            print(__doc__, file=sys.stderr)
            return 2
        return run_dump_intr(rest[0], dump_cmd, want_intr)
    if what == "status":
        g = Genl()
        g.resolve()
        err, ext, msgs = g.request(CMD_GET_STATUS)
        if err:
            print("error %d: %s" % (err, extack_msg(ext)))
            return 1
        print(msgs[0][A_STATE_NAME].rstrip(b"\0").decode())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
