//! `ipv6.rs`: IPv6 messages over loopback UDP (packet info, hop limit,
//! traffic class, original destination); the ICMPv6 errors are in
//! `errqueue.rs`. Every test returns after `UNAVAILABLE: ...` when the
//! kernel has no IPv6 loopback.

use crate::support::{arrive, lo_index, per_packet_field, receive_one, send_to_with, Link, V6};
use cmsg::platforms::linux::{Ipv6HopLimit, Ipv6OrigDstAddr, Ipv6PktInfo, Ipv6TClass};
use cmsg::{enable, Receivable, Sendable};
use std::ffi::c_int;
use std::net::{Ipv6Addr, SocketAddr};

#[test]
fn ipv6_pktinfo_reports_interface_and_destination() {
    let Some(arrived) = arrive::<Ipv6PktInfo>(V6, b"pktinfo6") else {
        return;
    };
    assert_eq!(arrived.message.address(), Ipv6Addr::LOCALHOST);
    assert_eq!(arrived.message.ifindex, lo_index().unsigned_abs());
}

#[test]
fn ipv6_pktinfo_on_send_is_read_by_the_kernel() {
    let Some((rx, tx)) = V6.udp_pair() else {
        return;
    };
    let to = rx.local_addr().unwrap();
    enable::<Ipv6PktInfo>(&rx).unwrap();

    let info = Ipv6PktInfo {
        addr: Ipv6Addr::LOCALHOST.octets(),
        ifindex: lo_index().unsigned_abs(),
    };
    send_to_with(&tx, to, b"via lo", &info).unwrap();
    let got: Ipv6PktInfo = receive_one(&rx, b"via lo", tx.local_addr().unwrap());
    assert_eq!(got.address(), Ipv6Addr::LOCALHOST);
    assert_eq!(got.ifindex, lo_index().unsigned_abs());

    // A source address this host does not have: refused, so the kernel
    // read the address field.
    let foreign = Ipv6PktInfo {
        addr: Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 2).octets(),
        ifindex: 0,
    };
    let err = send_to_with(&tx, to, b"x", &foreign).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err}");

    // An interface that does not exist: refused, so it read the index.
    let nowhere = Ipv6PktInfo {
        addr: [0; 16],
        ifindex: c_int::MAX.unsigned_abs(),
    };
    let err = send_to_with(&tx, to, b"x", &nowhere).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENODEV), "{err}");
}

/// RFC 3542's per-packet `int`s (hop limit, traffic class) at the edges:
/// -1 (RFC 3542's "the default") is accepted, and what arrived is
/// returned; 256 is out of range and refused.
fn minus_one_and_256<M>(link: &Link, message: fn(c_int) -> M) -> M
where
    M: Sendable + Receivable + Copy,
{
    send_to_with(&link.tx, link.to, b"minus one", &message(-1)).unwrap();
    let got = receive_one::<M>(&link.rx, b"minus one", link.from);
    let err = send_to_with(&link.tx, link.to, b"x", &message(256)).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "{err}");
    got
}

#[test]
fn ipv6_hoplimit_reports_the_socket_and_per_packet_limit() {
    let option = (libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS);
    let Some(link) = per_packet_field(V6, option, Ipv6HopLimit, Ipv6HopLimit, (42, 9)) else {
        return;
    };
    // -1 on send means "the socket's".
    assert_eq!(minus_one_and_256(&link, Ipv6HopLimit), Ipv6HopLimit(42));
}

#[test]
fn ipv6_tclass_reports_the_socket_and_per_packet_class() {
    let option = (libc::IPPROTO_IPV6, libc::IPV6_TCLASS);
    let Some(link) = per_packet_field(V6, option, Ipv6TClass, Ipv6TClass, (0x10, 0x28)) else {
        return;
    };
    // -1 on send was "the socket's class" (RFC 3542) until the kernel began
    // pre-filling the per-packet class from the socket (`ipcm6_init_sk`) and
    // dropped the `tclass < 0` fallback in `udpv6_sendmsg`: since then a -1
    // goes into the header as all ones, 0xff (seen on 6.18). Either way the
    // kernel accepted and applied the message.
    let got = minus_one_and_256(&link, Ipv6TClass);
    assert!(
        got == Ipv6TClass(0x10) || got == Ipv6TClass(0xff),
        "{got:?}"
    );
}

#[test]
fn ipv6_origdstaddr_reports_the_bound_address() {
    let Some(arrived) = arrive::<Ipv6OrigDstAddr>(V6, b"orig6") else {
        return;
    };
    let orig = arrived.message.0.to_socket_addr().map(SocketAddr::V6);
    assert_eq!(orig, Some(arrived.to));
}
