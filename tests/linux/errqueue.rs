//! `errqueue.rs`: `struct sock_extended_err` as the kernel queues it for an
//! ICMP or ICMPv6 port unreachable (`IP_RECVERR` / `IPV6_RECVERR`, read
//! with `MSG_ERRQUEUE`). The transmit timestamps the error queue also
//! carries are in `timestamps.rs`.

use crate::support::{closed_port, must, recv, wait_for_error, Family, V4, V6};
use cmsg::platforms::linux::{
    IpRecvErr, Ipv6RecvErr, SockExtendedErr, SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6,
};
use cmsg::{enable, space, ControlBuffer, Enable, MsgFlags, Receivable, RecvFlags};
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

/// Sends `payload` from a socket of `family` with `M` enabled to a port
/// nothing listens on, and reads the error back from the queue (into room
/// for exactly `M`): the queued datagram's payload and the address it was
/// sent to come with it, and one error is one read. `None` if the family is
/// unavailable.
fn port_unreachable<M: Receivable + Enable + Copy>(family: Family, payload: &[u8]) -> Option<M> {
    let socket = family.udp()?;
    let closed = closed_port(family);
    socket.connect(closed).unwrap();
    enable::<M>(&socket).unwrap();
    socket.send(payload).unwrap();
    wait_for_error(&socket);

    let mut data = [0u8; 64];
    let mut room = ControlBuffer::<128>::new();
    let msg = recv(
        &socket,
        &mut data,
        &mut room[..space::<M>()],
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    )
    .unwrap();
    assert!(msg.flags.contains(MsgFlags::ERRQUEUE), "{:?}", msg.flags);
    assert!(!msg.flags.control_truncated());
    assert_eq!(&data[..msg.bytes], payload);
    assert_eq!(msg.address, Some(closed));
    let error = must::<M>(&msg);
    drop(msg);

    // One error, one read: the queue is empty now.
    let again = recv(
        &socket,
        &mut data,
        &mut room[..space::<M>()],
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    )
    .map(|m| m.bytes)
    .unwrap_err();
    assert_eq!(again.raw_os_error(), Some(libc::EAGAIN), "{again}");
    Some(error)
}

/// `err` is `ECONNREFUSED` from an ICMP message of `origin` with `(type,
/// code)`.
fn assert_refused(err: SockExtendedErr, origin: u8, (ty, code): (u8, u8)) {
    assert_eq!(err.ee_errno, libc::ECONNREFUSED as u32);
    assert_eq!(err.ee_origin, origin);
    assert_eq!((err.ee_type, err.ee_code), (ty, code), "ICMP type and code");
    assert_eq!(err.ee_info, 0);
    assert_eq!(err.error().raw_os_error(), Some(libc::ECONNREFUSED));
    assert_eq!(err.error().kind(), io::ErrorKind::ConnectionRefused);
}

#[test]
fn ip_recverr_reports_port_unreachable() {
    let error: IpRecvErr = port_unreachable(V4, b"anyone?").unwrap();
    // ICMP_DEST_UNREACH, ICMP_PORT_UNREACH.
    assert_refused(error.err, SO_EE_ORIGIN_ICMP, (3, 3));
    assert_eq!(
        error.offender.to_socket_addr(),
        Some(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))
    );
}

#[test]
fn ipv6_recverr_reports_port_unreachable() {
    let Some(error) = port_unreachable::<Ipv6RecvErr>(V6, b"anyone6?") else {
        return;
    };
    // ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH.
    assert_refused(error.err, SO_EE_ORIGIN_ICMP6, (1, 4));
    assert_eq!(
        error.offender.to_socket_addr(),
        Some(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0))
    );
}
