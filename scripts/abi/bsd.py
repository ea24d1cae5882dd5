#!/usr/bin/env python3
"""Facts of the FreeBSD, NetBSD, OpenBSD and Apple control-message
catalogues (cmsg-platforms/src/{freebsd,netbsd,openbsd,apple}, with the
shared cmsg-platforms/src/bsd and rfc3542.rs, and cmsg-core's SOL_SOCKET and
CMSG layout), read from each system's installed C headers without running
target code, written out as Rust const assertions.

    bsd.py SYSTEM LABEL CLANG_TARGET OUT.rs ROOT INCLUDE_DIR...

SYSTEM is freebsd, netbsd, openbsd or apple; LABEL prefixes every assertion
message (scripts/abi-check uses the Rust target); ROOT is the directory the
citations are relative to (ziglang's lib/libc/include) and INCLUDE_DIRs
(under it) are searched in order, as the system's /usr/include.

How (as scripts/abi/facts.py does for Linux): the headers are preprocessed
once (`clang -E -dD`) to learn which names exist and where each is defined
(file:line, cited in every assertion), then every fact is compiled as
`const long long fN = EXPR;` for the target (`clang --target=... -S
-emit-llvm`) and read back from the IR. Nothing is linked or run.

Each fact is (what, C expression, Rust expression); the names a fact needs
(upper-case identifiers and `struct X`) are taken from its C expression. A
fact whose names the headers lack is listed as ABSENT and not asserted.
Facts about libc are prefixed `libc:` (scripts/abi-check reports them as
differences, not failures), about cmsg-core (SOL_SOCKET, SCM_RIGHTS, the CMSG
layout) `cmsg-core:` (failures: every message is encoded and decoded with
that layout).
"""

import os
import re
import subprocess
import sys

# The C side. `-D` flags make the BSD extensions visible as a program
# using them would (FreeBSD __BSD_VISIBLE, NetBSD _NETBSD_SOURCE, OpenBSD
# _BSD_SOURCE). Apple: __APPLE_USE_RFC_3542 selects RFC 3542's IPv6 numbers
# (IPV6_PKTINFO 46, IPV6_HOPLIMIT 47; without it the RFC 2292 ones, 19 and
# 20, and no IPV6_RECVPKTINFO/IPV6_TCLASS at all): the catalogue enables
# with the RFC 3542 options, and xnu then delivers the RFC 3542 types.
SYSTEMS = {
    "freebsd": (["-D__BSD_VISIBLE=1"], """
#include <sys/types.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <net/if_dl.h>
#include <netinet/in.h>
#include <netinet/in_systm.h>
#include <netinet/ip.h>
"""),
    "netbsd": (["-D_NETBSD_SOURCE"], """
#include <sys/types.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/un.h>
"""),
    "openbsd": (["-D_BSD_SOURCE"], """
#include <sys/types.h>
#include <sys/time.h>
#include <sys/socket.h>
"""),
    "apple": (["-D__APPLE_USE_RFC_3542"], """
#include <sys/types.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/in_systm.h>
#include <netinet/ip.h>
"""),
}

FACTS = []  # (what, c_expr, rust_expr)


def fact(what, c, rust):
    FACTS.append((what, c, rust))


def const(name, rust, c=None):
    """A constant: a Rust expression vs. the header's macro."""
    fact(name, c or name, rust)


def message(m, rust, level, ty, enable=None, enable_level=None, kind=""):
    """A message's cmsg_level, cmsg_type and enabling option (level, name);
    the option's level is the message's unless given."""
    cm = f"<{m}::{rust} as cmsg_core::ControlMessage>"
    fact(f"{kind}{rust}::LEVEL", level, f"{cm}::LEVEL")
    fact(f"{kind}{rust}::TYPE", ty, f"{cm}::TYPE")
    if enable is None:
        fact(f"{kind}{rust}::ENABLE (none)", "-1", f"enable_name::<{m}::{rust}>()")
    else:
        fact(f"{kind}{rust}::ENABLE level", enable_level or level,
             f"enable_level::<{m}::{rust}>()")
        fact(f"{kind}{rust}::ENABLE name", enable, f"enable_name::<{m}::{rust}>()")


def layout(m, rust, cstruct, fields, sized=True, kind=""):
    """sizeof, alignment (Rust's may not exceed C's), offsetof and the size
    of each field. For a struct ending in a slice (sized=False), no sizeof:
    the message's BASE_SIZE is checked on its own."""
    cty = f"struct {cstruct}"
    r = f"{m}::{rust}"
    if sized:
        fact(f"{kind}sizeof({cty})", f"sizeof({cty})", f"core::mem::size_of::<{r}>()")
        align = f"core::mem::align_of::<{r}>()"
    else:
        align = f"<{r} as cmsg_core::ControlMessage>::ALIGN"
    # A Rust alignment above C's would make a zero-copy read of a payload
    # misaligned; a lower one (bytes for addresses, Apple's packed(4)) is
    # harmless.
    fact(f"{kind}alignof({cty}) >= Rust's", f"_Alignof({cty})",
         f"if {align} <= HDR as usize {{ HDR }} else {{ -1 - HDR }}")
    for rf, cf in fields:
        fact(f"{kind}offsetof({cstruct}, {cf})", f"__builtin_offsetof({cty}, {cf})",
             f"core::mem::offset_of!({r}, {rf})")
        fact(f"{kind}sizeof({cstruct}.{cf})", f"sizeof((({cty} *)0)->{cf})",
             f"field_size(|s: &{r}| s.{rf})")


def payload(m, rust, c, what=None, element=None):
    """A message's payload: BASE_SIZE (and ELEMENT_SIZE, for a trailing
    slice) vs. the C type the kernel copies."""
    cm = f"<{m}::{rust} as cmsg_core::ControlMessage>"
    fact(f"{rust} payload size ({what or c})", c, f"{cm}::BASE_SIZE")
    if element:
        fact(f"{rust} payload element size ({element})", element, f"{cm}::ELEMENT_SIZE")


def cmsg_core_facts():
    """SOL_SOCKET, SCM_RIGHTS and the CMSG macros, against cmsg-core."""
    k = "cmsg-core: "
    const(f"{k}cmsg_core::sys::SOL_SOCKET", "cmsg_core::sys::SOL_SOCKET", c="SOL_SOCKET")
    message("cmsg_core", "ScmRights", "SOL_SOCKET", "SCM_RIGHTS", kind=k)
    fact(f"{k}ScmRights payload head (none)", "0",
         "<cmsg_core::ScmRights as cmsg_core::ControlMessage>::BASE_SIZE")
    fact(f"{k}ScmRights element size (int)", "sizeof(int)",
         "<cmsg_core::ScmRights as cmsg_core::ControlMessage>::ELEMENT_SIZE")
    n = "cmsg_core::layout::NATIVE"
    fact(f"{k}sizeof(struct cmsghdr) vs NATIVE.header_size", "sizeof(struct cmsghdr)",
         f"{n}.header_size")
    for p in (0, 1, 4, 12):
        fact(f"{k}CMSG_LEN({p}) vs NATIVE.len({p})", f"CMSG_LEN({p})", f"{n}.len({p})")
        fact(f"{k}CMSG_SPACE({p}) vs NATIVE.space({p})", f"CMSG_SPACE({p})",
             f"{n}.space({p})")


def libc_consts(names):
    for name in names:
        const(f"libc: libc::{name}", f"libc::{name}", c=name)


def libc_layout(rust, cstruct, fields, sized=True):
    cty = f"struct {cstruct}"
    if sized:
        fact(f"libc: sizeof(libc::{rust}) vs {cty}", f"sizeof({cty})",
             f"core::mem::size_of::<libc::{rust}>()")
    for f in fields:
        fact(f"libc: libc::{rust}.{f} offset vs {cstruct}.{f}",
             f"__builtin_offsetof({cty}, {f})", f"core::mem::offset_of!(libc::{rust}, {f})")


# --- the shared declarations ------------------------------------------------
def bsd_ip(m):
    """cmsg-platforms/src/bsd/ip.rs (FreeBSD and Apple)."""
    message(m, "IpRecvDstAddr", "IPPROTO_IP", "IP_RECVDSTADDR", "IP_RECVDSTADDR")
    message(m, "IpRecvTtl", "IPPROTO_IP", "IP_RECVTTL", "IP_RECVTTL")
    message(m, "IpRecvTos", "IPPROTO_IP", "IP_RECVTOS", "IP_RECVTOS")
    payload(m, "IpRecvDstAddr", "sizeof(struct in_addr)")
    # Both kernels copy the IP header's byte (ip_input.c: &ip->ip_ttl,
    # &ip->ip_tos, sizeof(u_char)).
    payload(m, "IpRecvTtl", "sizeof(((struct ip *)0)->ip_ttl)")
    payload(m, "IpRecvTos", "sizeof(((struct ip *)0)->ip_tos)")


def rfc3542(m):
    """cmsg-platforms/src/rfc3542.rs (FreeBSD and Apple)."""
    message(m, "Ipv6PktInfo", "IPPROTO_IPV6", "IPV6_PKTINFO", "IPV6_RECVPKTINFO")
    message(m, "Ipv6HopLimit", "IPPROTO_IPV6", "IPV6_HOPLIMIT", "IPV6_RECVHOPLIMIT")
    message(m, "Ipv6TClass", "IPPROTO_IPV6", "IPV6_TCLASS", "IPV6_RECVTCLASS")
    layout(m, "Ipv6PktInfo", "in6_pktinfo", [("addr", "ipi6_addr"), ("ifindex", "ipi6_ifindex")])
    payload(m, "Ipv6PktInfo", "sizeof(struct in6_pktinfo)")
    # RFC 3542 and in6.h: "int; send hop limit", "int; send traffic class".
    payload(m, "Ipv6HopLimit", "sizeof(int)")
    payload(m, "Ipv6TClass", "sizeof(int)")


def timeval(m, rust="Timeval", usec="tv_usec"):
    layout(m, rust, "timeval", [("tv_sec", "tv_sec"), ("tv_usec", usec)])


# --- each system -------------------------------------------------------------
def freebsd():
    m = "crate::freebsd"
    cmsg_core_facts()
    # socket.rs and bsd/cmsgcred.rs constants.
    for name in ["SOL_LOCAL", "LOCAL_CREDS", "LOCAL_CREDS_PERSISTENT", "ST_INFO_HW",
                 "ST_INFO_HW_HPREC", "CMGROUP_MAX"]:
        const(name, f"{m}::{name}")
    for variant, name, scm in [("RealtimeMicro", "SO_TS_REALTIME_MICRO", "SCM_TIMESTAMP"),
                               ("Bintime", "SO_TS_BINTIME", "SCM_BINTIME"),
                               ("Realtime", "SO_TS_REALTIME", "SCM_REALTIME"),
                               ("Monotonic", "SO_TS_MONOTONIC", "SCM_MONOTONIC")]:
        const(f"{name} (TsClock::{variant}.value())", f"{m}::TsClock::{variant}.value()", c=name)
        fact(f"TsClock::{variant}.message() level", "SOL_SOCKET",
             f"{m}::TsClock::{variant}.message().0")
        fact(f"TsClock::{variant}.message() type ({scm})", scm,
             f"{m}::TsClock::{variant}.message().1")
    # socket.rs's SO_TS_CLOCK is private, and asserted there equal to
    # libc::SO_TS_CLOCK: checking libc's checks it.
    const("SO_TS_CLOCK (socket.rs's private SO_TS_CLOCK == libc::SO_TS_CLOCK)",
          "libc::SO_TS_CLOCK", c="SO_TS_CLOCK")
    # Every message.
    message(m, "CmsgCred", "SOL_SOCKET", "SCM_CREDS")
    message(m, "SockCred", "SOL_SOCKET", "SCM_CREDS", "LOCAL_CREDS", enable_level="SOL_LOCAL")
    message(m, "SockCred2", "SOL_SOCKET", "SCM_CREDS2", "LOCAL_CREDS_PERSISTENT",
            enable_level="SOL_LOCAL")
    message(m, "ScmTimestamp", "SOL_SOCKET", "SCM_TIMESTAMP", "SO_TIMESTAMP")
    message(m, "ScmBintime", "SOL_SOCKET", "SCM_BINTIME", "SO_BINTIME")
    message(m, "ScmRealtime", "SOL_SOCKET", "SCM_REALTIME")
    message(m, "ScmMonotonic", "SOL_SOCKET", "SCM_MONOTONIC")
    message(m, "ScmTimeInfo", "SOL_SOCKET", "SCM_TIME_INFO")
    message(m, "IpSendSrcAddr", "IPPROTO_IP", "IP_SENDSRCADDR")
    message(m, "IpRecvIf", "IPPROTO_IP", "IP_RECVIF", "IP_RECVIF")
    message(m, "IpOrigDstAddr", "IPPROTO_IP", "IP_ORIGDSTADDR", "IP_RECVORIGDSTADDR")
    bsd_ip(m)
    rfc3542(m)
    # Layouts.
    timeval(m)
    layout(m, "Timespec", "timespec", [("tv_sec", "tv_sec"), ("tv_nsec", "tv_nsec")])
    layout(m, "Bintime", "bintime", [("sec", "sec"), ("frac", "frac")])
    layout(m, "CmsgCred", "cmsgcred", [
        ("pid", "cmcred_pid"), ("uid", "cmcred_uid"), ("euid", "cmcred_euid"),
        ("gid", "cmcred_gid"), ("ngroups", "cmcred_ngroups"), ("groups", "cmcred_groups")])
    layout(m, "SockCred", "sockcred", [
        ("uid", "sc_uid"), ("euid", "sc_euid"), ("gid", "sc_gid"), ("egid", "sc_egid"),
        ("ngroups", "sc_ngroups")], sized=False)
    layout(m, "SockCred2", "sockcred2", [
        ("version", "sc_version"), ("pid", "sc_pid"), ("uid", "sc_uid"), ("euid", "sc_euid"),
        ("gid", "sc_gid"), ("egid", "sc_egid"), ("ngroups", "sc_ngroups")], sized=False)
    layout(m, "SockTimestampInfo", "sock_timestamp_info", [
        ("flags", "st_info_flags"), ("pad0", "st_info_pad0"), ("reserved", "st_info_rsv")])
    layout(m, "SockAddrIn", "sockaddr_in", [
        ("len", "sin_len"), ("family", "sin_family"), ("port", "sin_port"),
        ("addr", "sin_addr"), ("zero", "sin_zero")])
    layout(m, "IpRecvIf", "sockaddr_dl", [
        ("len", "sdl_len"), ("family", "sdl_family"), ("index", "sdl_index"),
        ("ty", "sdl_type"), ("nlen", "sdl_nlen"), ("alen", "sdl_alen"),
        ("slen", "sdl_slen")], sized=False)
    # Payloads.
    payload(m, "ScmTimestamp", "sizeof(struct timeval)")
    payload(m, "ScmBintime", "sizeof(struct bintime)")
    payload(m, "ScmRealtime", "sizeof(struct timespec)")
    payload(m, "ScmMonotonic", "sizeof(struct timespec)")
    payload(m, "ScmTimeInfo", "sizeof(struct sock_timestamp_info)")
    payload(m, "CmsgCred", "sizeof(struct cmsgcred)")
    payload(m, "SockCred", "SOCKCREDSIZE(0)", element="SOCKCREDSIZE(1) - SOCKCREDSIZE(0)")
    payload(m, "SockCred2", "SOCKCRED2SIZE(0)", element="SOCKCRED2SIZE(1) - SOCKCRED2SIZE(0)")
    fact("SockCred payload size vs offsetof(sockcred, sc_groups)",
         "__builtin_offsetof(struct sockcred, sc_groups)",
         f"<{m}::SockCred as cmsg_core::ControlMessage>::BASE_SIZE")
    fact("SockCred2 payload size vs offsetof(sockcred2, sc_groups)",
         "__builtin_offsetof(struct sockcred2, sc_groups)",
         f"<{m}::SockCred2 as cmsg_core::ControlMessage>::BASE_SIZE")
    payload(m, "IpSendSrcAddr", "sizeof(struct in_addr)")
    payload(m, "IpOrigDstAddr", "sizeof(struct sockaddr_in)")
    payload(m, "IpRecvIf", "__builtin_offsetof(struct sockaddr_dl, sdl_data)",
            what="the head of struct sockaddr_dl: offsetof sdl_data",
            element="sizeof(((struct sockaddr_dl *)0)->sdl_data[0])")
    # libc, the peer (the catalogue asserts itself equal to these too).
    libc_consts(["SOL_SOCKET", "SCM_RIGHTS", "SCM_CREDS", "SCM_TIMESTAMP", "SCM_BINTIME",
                 "SCM_REALTIME", "SCM_MONOTONIC", "SCM_TIME_INFO", "SCM_CREDS2",
                 "SO_TIMESTAMP", "SO_BINTIME", "SO_TS_REALTIME_MICRO", "SO_TS_BINTIME",
                 "SO_TS_REALTIME", "SO_TS_MONOTONIC", "LOCAL_CREDS", "LOCAL_CREDS_PERSISTENT",
                 "CMGROUP_MAX", "IP_RECVDSTADDR", "IP_SENDSRCADDR", "IP_RECVTTL", "IP_RECVTOS",
                 "IP_RECVIF", "IP_ORIGDSTADDR", "IP_RECVORIGDSTADDR", "IPV6_PKTINFO",
                 "IPV6_RECVPKTINFO", "IPV6_HOPLIMIT", "IPV6_RECVHOPLIMIT", "IPV6_TCLASS",
                 "IPV6_RECVTCLASS"])
    libc_layout("timeval", "timeval", ["tv_usec"])
    libc_layout("timespec", "timespec", ["tv_nsec"])
    libc_layout("bintime", "bintime", ["frac"])
    libc_layout("cmsgcred", "cmsgcred", ["cmcred_ngroups", "cmcred_groups"])
    libc_layout("sockcred", "sockcred", ["sc_groups"])
    libc_layout("sockcred2", "sockcred2", ["sc_groups"])
    libc_layout("sockaddr_in", "sockaddr_in", ["sin_port", "sin_addr"])
    libc_layout("sockaddr_dl", "sockaddr_dl", ["sdl_data"])
    libc_layout("in6_pktinfo", "in6_pktinfo", ["ipi6_ifindex"])


def netbsd():
    m = "crate::netbsd"
    cmsg_core_facts()
    const("SOL_LOCAL", f"{m}::SOL_LOCAL")
    const("LOCAL_CREDS", f"{m}::LOCAL_CREDS")
    message(m, "ScmTimestamp", "SOL_SOCKET", "SCM_TIMESTAMP", "SO_TIMESTAMP")
    message(m, "SockCred", "SOL_SOCKET", "SCM_CREDS", "LOCAL_CREDS", enable_level="SOL_LOCAL")
    timeval(m)
    layout(m, "SockCred", "sockcred", [
        ("pid", "sc_pid"), ("uid", "sc_uid"), ("euid", "sc_euid"), ("gid", "sc_gid"),
        ("egid", "sc_egid"), ("ngroups", "sc_ngroups")], sized=False)
    payload(m, "ScmTimestamp", "sizeof(struct timeval)")
    payload(m, "SockCred", "SOCKCREDSIZE(0)", element="SOCKCREDSIZE(1) - SOCKCREDSIZE(0)")
    fact("SockCred payload size vs offsetof(sockcred, sc_groups)",
         "__builtin_offsetof(struct sockcred, sc_groups)",
         f"<{m}::SockCred as cmsg_core::ControlMessage>::BASE_SIZE")
    libc_consts(["SOL_SOCKET", "SCM_RIGHTS", "SCM_TIMESTAMP", "SCM_CREDS", "SO_TIMESTAMP",
                 "LOCAL_CREDS"])
    libc_layout("timeval", "timeval", ["tv_usec"])
    libc_layout("sockcred", "sockcred", ["sc_groups"])


def openbsd():
    m = "crate::openbsd"
    cmsg_core_facts()
    message(m, "ScmTimestamp", "SOL_SOCKET", "SCM_TIMESTAMP", "SO_TIMESTAMP")
    timeval(m)
    payload(m, "ScmTimestamp", "sizeof(struct timeval)")
    libc_consts(["SOL_SOCKET", "SCM_RIGHTS", "SCM_TIMESTAMP", "SO_TIMESTAMP"])
    libc_layout("timeval", "timeval", ["tv_usec"])


def apple():
    m = "crate::apple"
    cmsg_core_facts()
    message(m, "ScmTimestamp", "SOL_SOCKET", "SCM_TIMESTAMP", "SO_TIMESTAMP")
    message(m, "ScmTimestampMonotonic", "SOL_SOCKET", "SCM_TIMESTAMP_MONOTONIC",
            "SO_TIMESTAMP_MONOTONIC")
    message(m, "IpPktInfo", "IPPROTO_IP", "IP_PKTINFO", "IP_RECVPKTINFO")
    bsd_ip(m)
    rfc3542(m)
    timeval(m)
    layout(m, "IpPktInfo", "in_pktinfo", [
        ("ifindex", "ipi_ifindex"), ("spec_dst", "ipi_spec_dst"), ("addr", "ipi_addr")])
    payload(m, "ScmTimestamp", "sizeof(struct timeval)")
    # xnu's ip_input.c / udp_usrreq.c: mach_absolute_time() as a uint64_t.
    payload(m, "ScmTimestampMonotonic", "sizeof(uint64_t)")
    payload(m, "IpPktInfo", "sizeof(struct in_pktinfo)")
    libc_consts(["SOL_SOCKET", "SCM_RIGHTS", "SCM_TIMESTAMP", "SO_TIMESTAMP",
                 "SO_TIMESTAMP_MONOTONIC", "IP_PKTINFO", "IP_RECVDSTADDR", "IP_RECVTTL",
                 "IP_RECVTOS", "IPV6_PKTINFO", "IPV6_RECVPKTINFO", "IPV6_HOPLIMIT",
                 "IPV6_RECVHOPLIMIT", "IPV6_TCLASS", "IPV6_RECVTCLASS"])
    libc_layout("timeval", "timeval", ["tv_usec"])
    libc_layout("in_pktinfo", "in_pktinfo", ["ipi_spec_dst", "ipi_addr"])
    libc_layout("in6_pktinfo", "in6_pktinfo", ["ipi6_ifindex"])


RUST_HELPERS = """\
// Generated by scripts/abi/bsd.py from the system's C headers: do not edit.
use cmsg_core::ControlMessage;
#[allow(dead_code)]
// By value: a reference to a field of Apple's packed(4) structs is refused.
const fn field_size<T: ?Sized, F: Copy>(_: fn(&T) -> F) -> usize {
    core::mem::size_of::<F>()
}
#[allow(dead_code)]
const fn enable_level<M: ControlMessage + ?Sized>() -> i64 {
    match M::ENABLE {
        Some(option) => option.level as i64,
        None => -1,
    }
}
#[allow(dead_code)]
const fn enable_name<M: ControlMessage + ?Sized>() -> i64 {
    match M::ENABLE {
        Some(option) => option.name as i64,
        None => -1,
    }
}
"""


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"bsd.py: {' '.join(cmd[:3])}... failed")
    return p.stdout


def needs_of(c):
    """The names a C expression needs: `struct X` and upper-case macros."""
    names = [f"struct {s}" for s in re.findall(r"\bstruct\s+(\w+)", c)]
    names += [n for n in re.findall(r"\b[A-Z][A-Z0-9_]*[A-Z0-9]\b", c)]
    return list(dict.fromkeys(names))


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    system, label, target, out, root = sys.argv[1:6]
    includes = sys.argv[6:]
    defines, prelude = SYSTEMS[system]
    globals()[system]()
    resource = run(["clang", "-print-resource-dir"]).strip()
    cc = ["clang", f"--target={target}", "-nostdinc"]
    for inc in includes:
        cc += ["-isystem", inc]
    cc += ["-isystem", os.path.join(resource, "include")] + defines
    cc += ["-x", "c", "-std=gnu11", "-w"]

    # 1. Which names the headers have, and where each is defined.
    pre = run(cc + ["-E", "-dD", "-"], prelude)
    where = {}
    file, line, pending = "?", 0, None
    root = os.path.realpath(root)
    for text in pre.splitlines():
        m = re.match(r'# (\d+) "([^"]+)"', text)
        if m:
            line, file = int(m.group(1)), m.group(2)
            continue
        path = os.path.realpath(file) if file.startswith("/") else None
        loc = f"{os.path.relpath(path, root)}:{line}" if path and path.startswith(root) else None
        if loc:
            m = re.match(r"#define (\w+)", text)
            if m:
                where.setdefault(m.group(1), loc)
            elif not text.startswith("#"):
                for m in re.finditer(r"\bstruct\s+(\w+)\s*\{", text):
                    where.setdefault("struct " + m.group(1), loc)
                # Apple's `_STRUCT_TIMEVAL` expands to `struct timeval` on
                # a line of its own, the brace on the next.
                if pending and text.lstrip().startswith("{"):
                    where.setdefault("struct " + pending[0], pending[1])
                m = re.match(r"\s*struct\s+(\w+)\s*$", text)
                pending = (m.group(1), loc) if m else None
        line += 1

    # 2. Evaluate every fact whose names are there.
    checked, absent = [], []
    for i, (what, c, rust) in enumerate(FACTS):
        needs = needs_of(c)
        missing = [n for n in needs if n not in where]
        (absent if missing else checked).append((i, what, c, rust, needs, missing))
    src = prelude + "".join(
        f"const long long f{i} = (long long)({c});\n" for i, _, c, _, _, _ in checked)
    ir = run(cc + ["-S", "-emit-llvm", "-o", "-", "-"], src)
    values = {int(m.group(1)): int(m.group(2)) for m in
              re.finditer(r"^@f(\d+) = (?:dso_local )?(?:local_unnamed_addr )?constant i64 (-?\d+)",
                          ir, re.M)}
    missing_ir = [i for i, *_ in checked if i not in values]
    if missing_ir:
        raise SystemExit(f"bsd.py: {label}: no value for facts {missing_ir}")

    # 3. The Rust assertions.
    lines = [RUST_HELPERS]
    for i, what, c, rust, needs, _ in checked:
        v = values[i]
        cite = ", ".join(where[n] for n in needs) or "C"
        rust = rust.replace("HDR", f"{v}i64")
        msg = f"{label}: {what}: the header ({cite}) says {v}"
        if what.startswith("alignof") or what.startswith("libc: alignof"):
            msg = f"{label}: {what}: Rust's alignment exceeds the header's {v} ({cite})"
        lines.append(f"const _: () = assert!(({rust}) as i64 == {v}i64, {rust_str(msg)});")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    for i, what, c, rust, needs, missing in absent:
        print(f"ABSENT {what}: {', '.join(missing)} not in these headers")
    print(f"FACTS {len(checked)} checked, {len(absent)} absent from the headers")


if __name__ == "__main__":
    main()
