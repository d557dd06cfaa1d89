#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Kernel side of tdxhost.yaml: src/netlink_gen.{c,h} and src/uapi_names.{c,h}.

Run by scripts/netlink-gen.sh, which also has the kernel's ynl-gen-c.py
write the uapi header.  Its kernel mode cannot serve 6.1: the split mode
needs struct genl_split_ops (6.2+) and, for a genetlink-c family, leaves
the multicast groups static and unused; the per-op mode (struct genl_ops,
which both kernels have) needs a do request in every command.  So this
drives ynl-gen-c.py's own classes: the policies are its output verbatim,
the op table is its per-op table with dump-only commands allowed (one
policy per command: genl_ops has one), plus the multicast groups and
ENABLE's extack texts.  With --names: the names of the enums the module
sends as *-name attributes, for every layer (no netlink headers).

  netlink-gen.py YNL_DIR SPEC SPEC_PATH --source|--header [--names] -o FILE

SPEC_PATH is the spec's path in the tree, for the "auto-generated from"
line (SPEC itself may be a copy elsewhere).
"""
import argparse
import importlib.util
import os
import sys


def load_ynl_gen(ynl_dir):
    sys.path.insert(0, ynl_dir)
    spec = importlib.util.spec_from_file_location("ynl_gen_c",
                                                  os.path.join(ynl_dir, "ynl-gen-c.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def handler(y, family, op_name, mode):
    return y.c_lower(f"{family.ident_name}-nl-{op_name}-{mode}it")


def op_policy(y, family, cw, op_name, op):
    """The one (mode, RenderInfo) with a request, or None; genl_ops takes one policy."""
    modes = [m for m in ("do", "dump") if m in op and "request" in op[m]]
    if len(modes) > 1:
        raise SystemExit(f"{op_name}: do and dump requests: genl_ops holds one policy per command")
    if not modes:
        return None
    return modes[0], y.RenderInfo(cw, family, "kernel", op, modes[0])


def calls(family):
    for op_name, op in family.ops.items():
        if not op.is_call:
            continue
        for mode in ("do", "dump"):
            if mode in op and ("pre" in op[mode] or "post" in op[mode]):
                raise SystemExit(f"{op_name}: pre/post hooks need split ops")
        yield op_name, op


def write_header(y, family, cw):
    guard = f"_LINUX_{family.c_name.upper()}_GEN_H"
    cw.p("#ifndef " + guard)
    cw.p("#define " + guard)
    cw.nl()
    cw.p("#include <net/netlink.h>")
    cw.p("#include <net/genetlink.h>")
    cw.nl()
    cw.p(f"#include <{family.uapi_header}>")
    cw.nl()
    n_ops = len(list(calls(family)))
    cw.p(f"/* Ops table for {family.ident_name} */")
    cw.p(f"extern const struct genl_ops {family.c_name}_nl_ops[{n_ops}];")
    cw.nl()
    for op_name, op in calls(family):
        if "do" in op:
            cw.write_func_prot("int", handler(y, family, op_name, "do"),
                               ["struct sk_buff *skb", "struct genl_info *info"], suffix=";")
        if "dump" in op:
            cw.write_func_prot("int", handler(y, family, op_name, "dump"),
                               ["struct sk_buff *skb", "struct netlink_callback *cb"], suffix=";")
    cw.nl()
    y.print_kernel_mcgrp_hdr(family, cw)
    n_grps = len(family.mcgrps["list"])
    if n_grps:
        cw.p(f"extern const struct genl_multicast_group {family.c_name}_nl_mcgrps[{n_grps}];")
        cw.nl()
    cw.p("/* ENABLE's extack text for a failure at that step */")
    cw.write_func_prot("const char *", f"{family.c_name}_step_fail_msg",
                       [f"enum {family.c_name}_step value"], suffix=";")
    cw.nl()
    cw.p(f"#endif /* {guard} */")


def named_enums(y, family):
    """The enums the module names: an enum attribute X with a string sibling X-name."""
    named = {}
    for attr_set in family.attr_sets.values():
        for name, attr in attr_set.items():
            if "enum" in attr.yaml and f"{name}-name" in attr_set.attrs:
                named[attr.yaml["enum"]] = family.consts[attr.yaml["enum"]]
    return [c for c in family.consts.values() if c in named.values()]


def write_strmap(cw, name, fn, arg, strings, fallback):
    cw.block_start(line=f"static const char * const {name}[] =")
    for value, text in strings:
        cw.p(f'[{value}] = "{text}",')
    cw.block_end(line=";")
    cw.nl()
    cw.write_func_prot("const char *", fn, [arg])
    cw.p("{")
    cw.p(f"\tif (value >= ARRAY_SIZE({name}) || !{name}[value])")
    cw.p(f'\t\treturn "{fallback}";')
    cw.p(f"\treturn {name}[value];")
    cw.p("}")
    cw.nl()


def write_names_header(y, family, cw):
    guard = f"_{family.c_name.upper()}_UAPI_NAMES_H"
    cw.p("#ifndef " + guard)
    cw.p("#define " + guard)
    cw.nl()
    cw.p(f"#include <{family.uapi_header}>")
    cw.nl()
    cw.p("/* Entry names of the enums; \"?\" for a value outside them */")
    for enum in named_enums(y, family):
        cw.write_func_prot("const char *", f"{enum.render_name}_str",
                           [enum.user_type + " value"], suffix=";")
    cw.nl()
    cw.p(f"#endif /* {guard} */")


def write_names_source(y, family, cw, hdr_file):
    cw.p("#include <linux/kernel.h>")
    cw.nl()
    cw.p(f'#include "{hdr_file}"')
    cw.nl()
    for enum in named_enums(y, family):
        write_strmap(cw, f"{enum.render_name}_strmap", f"{enum.render_name}_str",
                     enum.user_type + " value",
                     [(e.c_name, e.name) for e in enum.entries.values()], "?")


def write_fail_msgs(y, family, cw):
    # Step 0 is no step; a step's doc is what it is about (its leaf).
    step = family.consts["step"]
    msgs = []
    for e in step.entries.values():
        text = "TDX enable failed"
        if e.value:
            text += f" at step {e.name}"
            if e.doc:
                text += f" ({e.doc})"
        msgs.append((e.c_name, text))
    write_strmap(cw, f"{family.c_name}_step_fail_msgs", f"{family.c_name}_step_fail_msg",
                 step.user_type + " value", msgs, msgs[0][1])


def write_source(y, family, cw, hdr_file):
    cw.p("#include <net/netlink.h>")
    cw.p("#include <net/genetlink.h>")
    cw.nl()
    cw.p(f'#include "{hdr_file}"')
    cw.nl()
    cw.p(f"#include <{family.uapi_header}>")
    cw.nl()

    write_fail_msgs(y, family, cw)

    # The policies, as ynl-gen-c.py's main() prints them.
    for op_name, op in calls(family):
        pol = op_policy(y, family, cw, op_name, op)
        if pol:
            cw.p(f"/* {op.enum_name} - {pol[0]} */")
            y.print_req_policy(cw, pol[1].struct["request"], ri=pol[1])
            cw.nl()

    # ynl-gen-c.py's per-op table; a command without a request has no
    # policy, so the core rejects every attribute (resv_start_op).
    n_ops = len(list(calls(family)))
    cw.p(f"/* Ops table for {family.ident_name} */")
    cw.block_start(line=f"const struct genl_ops {family.c_name}_nl_ops[{n_ops}] =")
    for op_name, op in calls(family):
        cw.block_start()
        members = [("cmd", op.enum_name)]
        if "dont-validate" in op:
            members.append(("validate", " | ".join([y.c_upper("genl-dont-validate-" + x)
                                                    for x in op["dont-validate"]])))
        for mode in ("do", "dump"):
            if mode in op:
                members.append((mode + "it", handler(y, family, op_name, mode)))
        pol = op_policy(y, family, cw, op_name, op)
        if pol:
            struct = pol[1].struct["request"]
            members.append(("policy", f"{op.render_name}_nl_policy"))
            members.append(("maxattr", struct.attr_max_val.enum_name))
        if "flags" in op:
            members.append(("flags", " | ".join([y.c_upper("genl-" + x) for x in op["flags"]])))
        cw.write_struct_init(members)
        cw.block_end(line=",")
    cw.block_end(line=";")
    cw.nl()

    if family.mcgrps["list"]:
        n_grps = len(family.mcgrps["list"])
        cw.block_start(line=f"const struct genl_multicast_group {family.c_name}_nl_mcgrps[{n_grps}] =")
        for grp in family.mcgrps["list"]:
            grp_id = y.c_upper(f"{family.ident_name}-nlgrp-{grp['name']}")
            cw.p(f'[{grp_id}] = {{ "{grp["name"]}", }},')
        cw.block_end(line=";")
        cw.nl()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ynl_dir")
    ap.add_argument("spec")
    ap.add_argument("spec_path")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--header", action="store_true")
    mode.add_argument("--source", action="store_true")
    ap.add_argument("--names", action="store_true",
                    help="the enum names (uapi_names.[ch]), not the netlink tables")
    ap.add_argument("-o", dest="out", required=True)
    args = ap.parse_args()

    y = load_ynl_gen(args.ynl_dir)
    family = y.Family(args.spec, [])
    cw = y.CodeWriter(y.BaseNlLib(), args.out)
    if args.header:
        cw.p("/* SPDX-License-Identifier: GPL-2.0 */")
    else:
        cw.p("// SPDX-License-Identifier: GPL-2.0")
    cw.p("/* Do not edit directly, auto-generated from: */")
    cw.p(f"/*\t{args.spec_path} */")
    cw.p("/* by scripts/netlink-gen.sh with the kernel's ynl-gen-c.py */")
    cw.nl()
    hdr_file = os.path.basename(args.out)[:-2] + ".h"
    if args.names:
        if args.header:
            write_names_header(y, family, cw)
        else:
            write_names_source(y, family, cw, hdr_file)
    elif args.header:
        write_header(y, family, cw)
    else:
        write_source(y, family, cw, hdr_file)
    cw.close_out_file()


if __name__ == "__main__":
    main()
