#!/usr/bin/env python3
"""Facts of the Linux control-message catalogue, read from one architecture's
kernel uapi headers without running target code, written out as Rust const
assertions against the catalogue (cmsg-platforms/src/linux).

    facts.py ARCH CLANG_TARGET INCLUDE_DIR OUT.rs

How: the headers are preprocessed once (`clang -E -dD`) to learn which names
exist and where each is defined (file:line, cited in every assertion), then
every fact whose names exist is compiled as `const long long fN = EXPR;` for
the target (`clang --target=... -S -emit-llvm`) and read back from the IR's
initializers. Nothing is linked or run.

Each fact is (what, C expression, names it needs, Rust expression). A fact
whose names the headers lack (newer than the headers: SO_PASSPIDFD,
SCM_TS_OPT_ID, ...) is listed as ABSENT and not asserted. Facts whose Rust
side is libc rather than the catalogue are emitted with a `libc:` prefix,
those about cmsg-core's ScmRights with `cmsg-core:`: scripts/abi-check
reports them as differences, not failures (neither is this catalogue's to
fix).
"""

import os
import re
import subprocess
import sys

# The headers, in an order that compiles on every architecture. uapi's
# errqueue.h declares `struct scm_timestamping { struct timespec ts[3]; }`
# for user space (libc's timespec); the kernel itself fills it in as
# `struct __kernel_old_timespec ts[3]` (the header's `#ifdef __KERNEL__`
# branch, which headers_install strips), so that is what is measured.
PRELUDE = r"""
#include <linux/types.h>
#include <linux/posix_types.h>
#include <linux/time_types.h>
#include <asm/socket.h>
#include <linux/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#define timespec __kernel_old_timespec
#include <linux/errqueue.h>
#undef timespec
#include <linux/net_tstamp.h>
#include <linux/udp.h>
#include <linux/tls.h>
#include <linux/if_alg.h>
"""

# Not exported to uapi: include/linux/socket.h (kernel-internal) defines
# these the same on every architecture. Their values are transcribed here
# (and so checked only for agreement across the catalogue, libc and
# architectures, not against a header file).
KERNEL_INTERNAL = r"""
#define CMSG_SCM_RIGHTS 0x01      /* include/linux/socket.h */
#define CMSG_SCM_CREDENTIALS 0x02 /* include/linux/socket.h */
#define CMSG_SCM_SECURITY 0x03    /* include/linux/socket.h */
#define CMSG_SCM_PIDFD 0x04       /* include/linux/socket.h (6.5+) */
#define CMSG_SOL_ALG 279          /* include/linux/socket.h */
#define CMSG_SOL_TLS 282          /* include/linux/socket.h */
/* include/linux/socket.h: struct ucred { __u32 pid; __u32 uid; __u32 gid; }; */
struct cmsg_ucred { __u32 pid; __u32 uid; __u32 gid; };
"""
INTERNAL_SRC = "include/linux/socket.h (kernel-internal, transcribed)"

L = "crate::linux"
FACTS = []  # (what, c_expr, needs, rust_expr)


def _fact(what, c, needs, rust):
    FACTS.append((what, c, needs, rust))


def _fact_core(what, c, needs, rust):
    FACTS.append(("cmsg-core: " + what, c, needs, rust))


fact = _fact


def const(name, rust, c=None, needs=None):
    """A constant: Rust expression vs. the header's macro or enumerator."""
    fact(name, c or name, needs or [name], rust)


# --- abi.rs: SOL_SOCKET numbers -------------------------------------------
for name in [
    "SO_TIMESTAMP_OLD", "SO_TIMESTAMPNS_OLD", "SO_TIMESTAMPING_OLD",
    "SO_TIMESTAMP_NEW", "SO_TIMESTAMPNS_NEW", "SO_TIMESTAMPING_NEW",
    "SO_PASSSEC", "SO_MARK", "SO_RXQ_OVFL", "SO_TXTIME", "SO_RCVMARK",
    "SO_PASSPIDFD", "SCM_TS_OPT_ID",
]:
    const(name, f"{L}::abi::{name}")
fact("SCM_SECURITY", "CMSG_SCM_SECURITY", ["@internal"], f"{L}::abi::SCM_SECURITY")
fact("SCM_PIDFD", "CMSG_SCM_PIDFD", ["@internal"], f"{L}::abi::SCM_PIDFD")

# --- errqueue.rs, socket.rs, alg.rs, tls.rs constants ----------------------
for name in [
    "SO_EE_ORIGIN_NONE", "SO_EE_ORIGIN_LOCAL", "SO_EE_ORIGIN_ICMP",
    "SO_EE_ORIGIN_ICMP6", "SO_EE_ORIGIN_TIMESTAMPING", "SO_EE_ORIGIN_ZEROCOPY",
    "SO_EE_ORIGIN_TXTIME", "SCM_TSTAMP_SND", "SCM_TSTAMP_SCHED", "SCM_TSTAMP_ACK",
    "SOF_TXTIME_DEADLINE_MODE", "SOF_TXTIME_REPORT_ERRORS",
    "ALG_OP_DECRYPT", "ALG_OP_ENCRYPT", "TLS_SET_RECORD_TYPE", "TLS_GET_RECORD_TYPE",
]:
    const(name, f"{L}::{name}")
fact("SOL_TLS", "CMSG_SOL_TLS", ["@internal"], f"{L}::SOL_TLS")
for short in [
    "BIND_PHC", "OPT_CMSG", "OPT_ID", "OPT_ID_TCP", "OPT_PKTINFO", "OPT_RX_FILTER",
    "OPT_STATS", "OPT_TSONLY", "OPT_TX_SWHW", "RAW_HARDWARE", "RX_HARDWARE",
    "RX_SOFTWARE", "SOFTWARE", "SYS_HARDWARE", "TX_ACK", "TX_HARDWARE", "TX_SCHED",
    "TX_SOFTWARE",
]:
    const(f"SOF_TIMESTAMPING_{short}", f"{L}::timestamping::{short}")

# --- every message: cmsg_level, cmsg_type, the option that enables it ------
NONE = None
MESSAGES = [
    # (Rust type, level, type, enable option (level is the message's) or None)
    ("ScmRights", "SOL_SOCKET", "@SCM_RIGHTS", NONE),
    ("UCred", "SOL_SOCKET", "@SCM_CREDENTIALS", "SO_PASSCRED"),
    ("ScmTimestamp", "SOL_SOCKET", "SO_TIMESTAMP_OLD", "SO_TIMESTAMP_OLD"),
    ("ScmTimestampNew", "SOL_SOCKET", "SO_TIMESTAMP_NEW", "SO_TIMESTAMP_NEW"),
    ("ScmTimestampNs", "SOL_SOCKET", "SO_TIMESTAMPNS_OLD", "SO_TIMESTAMPNS_OLD"),
    ("ScmTimestampNsNew", "SOL_SOCKET", "SO_TIMESTAMPNS_NEW", "SO_TIMESTAMPNS_NEW"),
    ("ScmTimestamping", "SOL_SOCKET", "SO_TIMESTAMPING_OLD", NONE),
    ("ScmTimestamping64", "SOL_SOCKET", "SO_TIMESTAMPING_NEW", NONE),
    ("ScmTsOptId", "SOL_SOCKET", "SCM_TS_OPT_ID", NONE),
    ("ScmSecurity", "SOL_SOCKET", "@SCM_SECURITY", "SO_PASSSEC"),
    ("ScmPidfd", "SOL_SOCKET", "@SCM_PIDFD", "SO_PASSPIDFD"),
    ("RxqOvfl", "SOL_SOCKET", "SO_RXQ_OVFL", "SO_RXQ_OVFL"),
    ("Mark", "SOL_SOCKET", "SO_MARK", "SO_RCVMARK"),
    ("TxTime", "SOL_SOCKET", "SCM_TXTIME", NONE),
    ("IpPktInfo", "IPPROTO_IP", "IP_PKTINFO", "IP_PKTINFO"),
    ("IpTtl", "IPPROTO_IP", "IP_TTL", "IP_RECVTTL"),
    ("IpTos", "IPPROTO_IP", "IP_TOS", "IP_RECVTOS"),
    ("IpTosSend", "IPPROTO_IP", "IP_TOS", NONE),
    ("IpRecvErr", "IPPROTO_IP", "IP_RECVERR", "IP_RECVERR"),
    ("IpOrigDstAddr", "IPPROTO_IP", "IP_ORIGDSTADDR", "IP_RECVORIGDSTADDR"),
    ("IpRecvFragsize", "IPPROTO_IP", "IP_RECVFRAGSIZE", "IP_RECVFRAGSIZE"),
    ("Ipv6PktInfo", "IPPROTO_IPV6", "IPV6_PKTINFO", "IPV6_RECVPKTINFO"),
    ("Ipv6HopLimit", "IPPROTO_IPV6", "IPV6_HOPLIMIT", "IPV6_RECVHOPLIMIT"),
    ("Ipv6TClass", "IPPROTO_IPV6", "IPV6_TCLASS", "IPV6_RECVTCLASS"),
    ("Ipv6RecvErr", "IPPROTO_IPV6", "IPV6_RECVERR", "IPV6_RECVERR"),
    ("Ipv6OrigDstAddr", "IPPROTO_IPV6", "IPV6_ORIGDSTADDR", "IPV6_RECVORIGDSTADDR"),
    ("UdpSegment", "IPPROTO_UDP", "UDP_SEGMENT", NONE),
    ("UdpGro", "IPPROTO_UDP", "UDP_GRO", "UDP_GRO"),
    ("TlsSetRecordType", "@SOL_TLS", "TLS_SET_RECORD_TYPE", NONE),
    ("TlsGetRecordType", "@SOL_TLS", "TLS_GET_RECORD_TYPE", NONE),
    ("AlgSetOp", "@SOL_ALG", "ALG_SET_OP", NONE),
    ("AlgSetIv", "@SOL_ALG", "ALG_SET_IV", NONE),
    ("AlgSetAeadAssoclen", "@SOL_ALG", "ALG_SET_AEAD_ASSOCLEN", NONE),
]


def c_name(name):
    """`@X` names a kernel-internal constant (see KERNEL_INTERNAL)."""
    return ("CMSG_" + name[1:], ["@internal"]) if name.startswith("@") else (name, [name])


for rust, level, ty, enable in MESSAGES:
    cm = f"<{L}::{rust} as cmsg_core::ControlMessage>"
    # ScmRights is cmsg-core's (re-exported): its numbers are reported, as
    # libc's are, since cmsg-platforms cannot fix them.
    fact = _fact_core if rust == "ScmRights" else _fact
    c, needs = c_name(level)
    fact(f"{rust}::LEVEL", c, needs, f"{cm}::LEVEL")
    c, needs = c_name(ty)
    fact(f"{rust}::TYPE", c, needs, f"{cm}::TYPE")
    if enable is None:
        fact(f"{rust}::ENABLE", "-1", [], f"enable_name::<{L}::{rust}>()")
    else:
        c, needs = c_name(level)
        fact(f"{rust}::ENABLE level", c, needs, f"enable_level::<{L}::{rust}>()")
        fact(f"{rust}::ENABLE name", enable, [enable], f"enable_name::<{L}::{rust}>()")

fact = _fact

# --- layouts -----------------------------------------------------------------
STRUCTS = [
    # (Rust type, C struct, [(Rust field, C field)])
    ("KernelOldTimeval", "__kernel_old_timeval", [("tv_sec", "tv_sec"), ("tv_usec", "tv_usec")]),
    ("KernelSockTimeval", "__kernel_sock_timeval", [("tv_sec", "tv_sec"), ("tv_usec", "tv_usec")]),
    ("KernelOldTimespec", "__kernel_old_timespec", [("tv_sec", "tv_sec"), ("tv_nsec", "tv_nsec")]),
    ("KernelTimespec", "__kernel_timespec", [("tv_sec", "tv_sec"), ("tv_nsec", "tv_nsec")]),
    ("ScmTimestamping", "scm_timestamping", [("ts", "ts")]),
    ("ScmTimestamping64", "scm_timestamping64", [("ts", "ts")]),
    ("SockExtendedErr", "sock_extended_err", [
        ("ee_errno", "ee_errno"), ("ee_origin", "ee_origin"), ("ee_type", "ee_type"),
        ("ee_code", "ee_code"), ("ee_pad", "ee_pad"), ("ee_info", "ee_info"),
        ("ee_data", "ee_data")]),
    ("IpPktInfo", "in_pktinfo", [
        ("ifindex", "ipi_ifindex"), ("spec_dst", "ipi_spec_dst"), ("addr", "ipi_addr")]),
    ("Ipv6PktInfo", "in6_pktinfo", [("addr", "ipi6_addr"), ("ifindex", "ipi6_ifindex")]),
    ("SockAddrIn", "sockaddr_in", [
        ("family", "sin_family"), ("port", "sin_port"), ("addr", "sin_addr"), ("zero", "__pad")]),
    ("SockAddrIn6", "sockaddr_in6", [
        ("family", "sin6_family"), ("port", "sin6_port"), ("flowinfo", "sin6_flowinfo"),
        ("addr", "sin6_addr"), ("scope_id", "sin6_scope_id")]),
    ("socket::SockTxtime", "sock_txtime", [("clockid", "clockid"), ("flags", "flags")]),
    ("UCred", "@ucred", [("pid", "pid"), ("uid", "uid"), ("gid", "gid")]),
]

for rust, cstruct, fields in STRUCTS:
    if cstruct.startswith("@"):
        cty, needs = f"struct cmsg_{cstruct[1:]}", ["@internal"]
    else:
        cty, needs = f"struct {cstruct}", [f"struct {cstruct}"]
    r = f"{L}::{rust}"
    fact(f"sizeof(struct {cstruct.lstrip('@')})", f"sizeof({cty})", needs,
         f"core::mem::size_of::<{r}>()")
    # A Rust alignment above C's would make a zero-copy read of a kernel
    # payload misaligned; a lower one (bytes for addresses) is harmless.
    fact(f"alignof(struct {cstruct.lstrip('@')}) >= Rust's", f"_Alignof({cty}) >= 0", needs,
         f"!!align_le::<{r}>(_Alignof)")
    for rf, cf in fields:
        fact(f"offsetof({cstruct.lstrip('@')}, {cf})", f"__builtin_offsetof({cty}, {cf})", needs,
             f"core::mem::offset_of!({r}, {rf})")
        fact(f"sizeof({cstruct.lstrip('@')}.{cf})", f"sizeof((({cty} *)0)->{cf})", needs,
             f"field_size(|s: &{r}| &s.{rf})")

# Payload shapes the derive computes from the types.
for rust, c, needs in [
    ("IpRecvErr", "sizeof(struct sock_extended_err) + sizeof(struct sockaddr_in)",
     ["struct sock_extended_err", "struct sockaddr_in"]),
    ("Ipv6RecvErr", "sizeof(struct sock_extended_err) + sizeof(struct sockaddr_in6)",
     ["struct sock_extended_err", "struct sockaddr_in6"]),
    ("IpOrigDstAddr", "sizeof(struct sockaddr_in)", ["struct sockaddr_in"]),
    ("Ipv6OrigDstAddr", "sizeof(struct sockaddr_in6)", ["struct sockaddr_in6"]),
    ("AlgSetIv", "__builtin_offsetof(struct af_alg_iv, iv)", ["struct af_alg_iv"]),
]:
    fact(f"{rust} payload head (SO_EE_OFFENDER follows the error)" if "Err" in rust
         else f"{rust} payload head", c, needs,
         f"<{L}::{rust} as cmsg_core::ControlMessage>::BASE_SIZE")
fact("AlgSetIv element size", "sizeof(((struct af_alg_iv *)0)->iv[0])", ["struct af_alg_iv"],
     f"<{L}::AlgSetIv as cmsg_core::ControlMessage>::ELEMENT_SIZE")

# --- libc, the peer: reported, never a failure ------------------------------
# Only items libc 0.2 has on every linux-gnu target.
for name in [
    "SO_PASSCRED", "SO_PASSSEC", "SO_MARK", "SO_RXQ_OVFL", "SO_TXTIME", "SO_RCVMARK",
    "SO_PASSPIDFD", "SCM_TXTIME", "IP_PKTINFO", "IP_TTL", "IP_RECVTTL", "IP_TOS",
    "IP_RECVTOS", "IP_RECVERR", "IP_ORIGDSTADDR", "IP_RECVORIGDSTADDR", "IP_RECVFRAGSIZE",
    "IPV6_PKTINFO", "IPV6_RECVPKTINFO", "IPV6_HOPLIMIT", "IPV6_RECVHOPLIMIT", "IPV6_TCLASS",
    "IPV6_RECVTCLASS", "IPV6_RECVERR", "IPV6_ORIGDSTADDR", "IPV6_RECVORIGDSTADDR",
    "UDP_SEGMENT", "UDP_GRO", "ALG_SET_OP", "ALG_SET_IV", "ALG_SET_AEAD_ASSOCLEN",
    "SO_EE_ORIGIN_TIMESTAMPING", "SOF_TXTIME_DEADLINE_MODE", "SOF_TXTIME_REPORT_ERRORS",
    "TLS_SET_RECORD_TYPE", "TLS_GET_RECORD_TYPE", "SOL_SOCKET",
]:
    const(f"libc: libc::{name}", f"libc::{name}", c=name, needs=[name])
for name, c in [("SCM_RIGHTS", "CMSG_SCM_RIGHTS"), ("SCM_CREDENTIALS", "CMSG_SCM_CREDENTIALS"),
                ("SOL_TLS", "CMSG_SOL_TLS"), ("SOL_ALG", "CMSG_SOL_ALG")]:
    fact(f"libc: libc::{name}", c, ["@internal"], f"libc::{name}")
# libc's SO_TIMESTAMP* resolve to _OLD or _NEW by the size of libc's time_t.
for base in ["SO_TIMESTAMP", "SO_TIMESTAMPNS", "SO_TIMESTAMPING"]:
    fact(f"libc: libc::{base} is {base}_OLD or {base}_NEW", "1",
         [f"{base}_OLD", f"{base}_NEW"],
         f"(libc::{base} == HDR_{base}_OLD || libc::{base} == HDR_{base}_NEW) as i64")
for rust, cstruct, fields in [
    ("timeval", "__kernel_old_timeval", [("tv_sec", "tv_sec"), ("tv_usec", "tv_usec")]),
    ("timespec", "__kernel_old_timespec", [("tv_sec", "tv_sec"), ("tv_nsec", "tv_nsec")]),
    ("sock_extended_err", "sock_extended_err", [("ee_errno", "ee_errno"), ("ee_info", "ee_info"), ("ee_data", "ee_data")]),
    ("in_pktinfo", "in_pktinfo", [("ipi_spec_dst", "ipi_spec_dst"), ("ipi_addr", "ipi_addr")]),
    ("in6_pktinfo", "in6_pktinfo", [("ipi6_ifindex", "ipi6_ifindex")]),
    ("sockaddr_in", "sockaddr_in", [("sin_port", "sin_port"), ("sin_addr", "sin_addr")]),
    ("sockaddr_in6", "sockaddr_in6", [("sin6_flowinfo", "sin6_flowinfo"), ("sin6_scope_id", "sin6_scope_id")]),
    ("sock_txtime", "sock_txtime", [("clockid", "clockid"), ("flags", "flags")]),
]:
    cty = f"struct {cstruct}"
    note = " (libc's is time_t-based: compared where time_t is a long)" if rust in ("timeval", "timespec") else ""
    gate = "time_t_is_long()" if note else "true"
    fact(f"libc: sizeof(libc::{rust}) vs struct {cstruct}{note}", f"sizeof({cty})", [cty],
         f"if {gate} {{ core::mem::size_of::<libc::{rust}>() as i64 }} else {{ HDR }}")
    for rf, cf in fields:
        fact(f"libc: libc::{rust}.{rf} offset vs {cstruct}.{cf}{note}",
             f"__builtin_offsetof({cty}, {cf})", [cty],
             f"if {gate} {{ core::mem::offset_of!(libc::{rust}, {rf}) as i64 }} else {{ HDR }}")
        fact(f"libc: libc::{rust}.{rf} size vs {cstruct}.{cf}{note}",
             f"sizeof((({cty} *)0)->{cf})", [cty],
             f"if {gate} {{ field_size(|s: &libc::{rust}| &s.{rf}) as i64 }} else {{ HDR }}")

# The alignment facts: the C side is computed, the Rust side compares.
for i, (what, c, needs, rust) in enumerate(FACTS):
    if rust.startswith("!!align_le::<"):
        ty = rust[len("!!align_le::<"):rust.index(">(")]
        cty = c[len("_Alignof("):c.index(") >= 0")]
        FACTS[i] = (what, f"_Alignof({cty})", needs,
                    f"if core::mem::align_of::<{ty}>() <= HDR as usize {{ HDR }} else {{ -1 - HDR }}")


RUST_HELPERS = """\
// Generated by scripts/abi/facts.py from the kernel uapi headers: do not edit.
use cmsg_core::ControlMessage;
#[allow(dead_code)]
const fn field_size<T, F>(_: fn(&T) -> &F) -> usize {
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
#[allow(dead_code)]
const fn time_t_is_long() -> bool {
    core::mem::size_of::<libc::time_t>() == core::mem::size_of::<core::ffi::c_long>()
}
"""


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"facts.py: {' '.join(cmd[:3])}... failed")
    return p.stdout


SHOWN = ["SOL_SOCKET", "SO_PASSCRED", "SO_TIMESTAMP_OLD", "SO_TIMESTAMPNS_OLD",
         "SO_TIMESTAMPING_OLD", "SO_TIMESTAMP_NEW", "SO_TIMESTAMPNS_NEW",
         "SO_TIMESTAMPING_NEW", "SO_PASSSEC", "SO_MARK", "SO_RXQ_OVFL", "SO_TXTIME",
         "SO_RCVMARK", "SO_PASSPIDFD", "SCM_TS_OPT_ID"]


def show(arch, include):
    """For an architecture clang cannot target (hppa, alpha): its
    asm/socket.h numbers for the catalogue's SOL_SOCKET names (macros only,
    so preprocessing suffices; no layouts)."""
    defs = dict(re.findall(r"^#define (\w+) (.*)$", run(
        ["clang", "-E", "-dM", "-nostdinc", "-isystem", include, "-x", "c", "-"],
        "#include <asm/socket.h>\n"), re.M))
    shown = []
    for name in SHOWN:
        value = defs.get(name)
        while value in defs:
            value = defs[value]
        shown.append(f"{name}={value.strip() if value else 'absent'}")
    print(f"{arch} (no Rust target; asm/socket.h): " + " ".join(shown))


def main():
    if sys.argv[1] == "--show":
        return show(sys.argv[2], sys.argv[3])
    arch, target, include, out = sys.argv[1:5]
    resource = run(["clang", "-print-resource-dir"]).strip()
    cc = ["clang", f"--target={target}", "-nostdinc", "-isystem", include,
          "-isystem", os.path.join(resource, "include"), "-x", "c", "-std=gnu11", "-w"]

    # 1. Which names the headers have, and where each is defined.
    pre = run(cc + ["-E", "-dD", "-"], PRELUDE)
    where, idents = {}, set()
    file, line = "?", 0
    for text in pre.splitlines():
        m = re.match(r'# (\d+) "([^"]+)"', text)
        if m:
            line, file = int(m.group(1)), m.group(2)
            continue
        loc = f"{os.path.relpath(file, include)}:{line}" if file.startswith(include) else None
        if loc:
            m = re.match(r"#define (\w+)", text)
            if m:
                where.setdefault(m.group(1), loc)
            elif not text.startswith("#"):
                for m in re.finditer(r"\bstruct\s+(\w+)\s*\{", text):
                    where.setdefault("struct " + m.group(1), loc)
                m = re.match(r"\s*([A-Z][A-Z0-9_]+)\s*(=|,|$)", text)
                if m:
                    where.setdefault(m.group(1), loc)
        idents.update(re.findall(r"\b\w+\b", text))
        line += 1
    where["@internal"] = INTERNAL_SRC

    def present(name):
        if name == "@internal":
            return True
        if name.startswith("struct "):
            return name in where
        return name in where or name in idents

    # 2. Evaluate every fact whose names are there.
    checked, absent = [], []
    for i, f in enumerate(FACTS):
        missing = [n for n in f[2] if not present(n)]
        (absent if missing else checked).append((i, f, missing))
    src = PRELUDE + KERNEL_INTERNAL + "".join(
        f"const long long f{i} = (long long)({f[1]});\n" for i, f, _ in checked)
    ir = run(cc + ["-S", "-emit-llvm", "-o", "-", "-"], src)
    values = {int(m.group(1)): int(m.group(2)) for m in
              re.finditer(r"^@f(\d+) = (?:dso_local )?(?:local_unnamed_addr )?constant i64 (-?\d+)",
                          ir, re.M)}
    missing_ir = [i for i, _, _ in checked if i not in values]
    if missing_ir:
        raise SystemExit(f"facts.py: {arch}: no value for facts {missing_ir}")
    hdr = {f[1]: values[i] for i, f, _ in checked if f[2] == [f[1]]}

    # 3. The Rust assertions.
    lines = [RUST_HELPERS]
    for i, (what, c, needs, rust), _ in checked:
        v = values[i]
        cite = ", ".join(where.get(n, "?") for n in needs) or "C"
        for name in re.findall(r"HDR_(\w+)", rust):
            rust = rust.replace(f"HDR_{name}", f"{hdr[name]}")
        rust = rust.replace("HDR", f"{v}i64")
        msg = f"{arch}: {what}: the header ({cite}) says {v}"
        if what.startswith("alignof"):
            msg = f"{arch}: {what}: Rust's alignment exceeds the header's {v} ({cite})"
        lines.append(f"const _: () = assert!(({rust}) as i64 == {v}i64, {rust_str(msg)});")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    for i, (what, c, needs, rust), missing in absent:
        print(f"ABSENT {what}: {', '.join(missing)} not in these headers")
    print(f"FACTS {len(checked)} checked, {len(absent)} absent from the headers")


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    main()
