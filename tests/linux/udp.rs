//! `udp.rs`: UDP segmentation offload on send (`UDP_SEGMENT`) and receive
//! coalescing (`UDP_GRO`), over both families.

use crate::support::{available, errno, send_one, unavailable, with_received, Family, V4, V6};
use cmsg::platforms::linux::{UdpGro, UdpSegment};
use cmsg::{enable, set_socket_option, RecvFlags, SocketOption};
use std::net::{SocketAddr, UdpSocket};

const GSO_SIZE: u16 = 1000;
const GSO_TOTAL: usize = 3500;

fn gso_payload() -> Vec<u8> {
    (0..GSO_TOTAL).map(|i| (i % 251) as u8).collect()
}

/// Sends `payload` with `UdpSegment(GSO_SIZE)`. `false` when the kernel
/// has no UDP GSO: the send failed with EIO/EINVAL/ENOPROTOOPT *and* the
/// kernel also refuses the `UDP_SEGMENT` socket option itself (so a
/// malformed message cannot pass as missing support).
fn send_segmented(tx: &UdpSocket, payload: &[u8]) -> bool {
    match send_one(tx, payload, &UdpSegment(GSO_SIZE)) {
        Ok(sent) => {
            assert_eq!(sent, payload.len());
            true
        }
        Err(e) if matches!(errno(&e), libc::EIO | libc::EINVAL | libc::ENOPROTOOPT) => {
            let option = SocketOption {
                level: libc::SOL_UDP,
                name: libc::UDP_SEGMENT,
            };
            match set_socket_option(tx, option, libc::c_int::from(GSO_SIZE)) {
                Err(p) if matches!(errno(&p), libc::EINVAL | libc::ENOPROTOOPT) => {
                    unavailable("UDP_SEGMENT", &e);
                    false
                }
                _ => panic!(
                    "sendmsg with UDP_SEGMENT failed ({e}) though the kernel accepts the option"
                ),
            }
        }
        Err(e) => panic!("sendmsg with UDP_SEGMENT: {e}"),
    }
}

/// Receives until `total` bytes came in: each read's length and `UdpGro`.
fn receive_segments(
    rx: &UdpSocket,
    from: SocketAddr,
    total: usize,
) -> (Vec<u8>, Vec<(usize, Option<i32>)>) {
    let mut data = vec![0u8; 64 * 1024];
    let mut all = Vec::new();
    let mut reads = Vec::new();
    while all.len() < total {
        assert!(reads.len() < 8, "at most 4 datagrams were sent: {reads:?}");
        let (n, gro) = with_received(rx, &mut data, RecvFlags::empty(), |m| {
            assert_eq!(m.address, Some(from));
            assert!(!m.flags.data_truncated());
            (m.bytes, m.control.get::<UdpGro>().unwrap().map(|g| g.0))
        })
        .unwrap();
        all.extend_from_slice(&data[..n]);
        reads.push((n, gro));
    }
    (all, reads)
}

/// [`GSO_TOTAL`] bytes sent from `tx` in one `sendmsg` with
/// `UdpSegment(GSO_SIZE)` and received on `rx`, all of them, in order:
/// each read's length and `UdpGro`. `None` if the kernel has no UDP GSO.
fn segmented(rx: &UdpSocket, tx: &UdpSocket) -> Option<Vec<(usize, Option<i32>)>> {
    let payload = gso_payload();
    if !send_segmented(tx, &payload) {
        return None;
    }
    let (all, reads) = receive_segments(rx, tx.local_addr().unwrap(), payload.len());
    assert_eq!(all, payload, "the bytes, in order");
    Some(reads)
}

fn gso_to_gro(family: Family) {
    let Some((rx, tx)) = family.connected_pair() else {
        return;
    };
    let missing = [libc::ENOPROTOOPT, libc::EINVAL];
    if available("UDP_GRO", enable::<UdpGro>(&rx), &missing).is_none() {
        return;
    }
    let Some(reads) = segmented(&rx, &tx) else {
        return;
    };
    if reads.len() == 1 {
        // Loopback keeps the GSO packet whole, and a socket with UDP_GRO
        // accepts it as is: one read, with the segment size.
        assert_eq!(
            reads[0],
            (GSO_TOTAL, Some(i32::from(GSO_SIZE))),
            "{family:?}"
        );
    } else {
        // The kernel segmented after all: every datagram is a full segment
        // but the last, and a coalesced read (if any) reports the size.
        eprintln!(
            "{family:?}: UDP_GRO socket got {} separate reads: {reads:?}",
            reads.len()
        );
        let (last, rest) = reads.split_last().unwrap();
        for &(n, gro) in rest {
            match gro {
                Some(g) => assert_eq!((g, n % GSO_SIZE as usize), (i32::from(GSO_SIZE), 0)),
                None => assert_eq!(n, GSO_SIZE as usize),
            }
        }
        assert_eq!(last.0 % GSO_SIZE as usize, GSO_TOTAL % GSO_SIZE as usize);
    }
}

#[test]
fn udp_segment_arrives_coalesced_with_udp_gro_v4() {
    gso_to_gro(V4);
}

#[test]
fn udp_segment_arrives_coalesced_with_udp_gro_v6() {
    gso_to_gro(V6);
}

/// Without `UDP_GRO` the receiving socket cannot take a GSO packet: the
/// kernel splits it into 1000, 1000, 1000 and 500 bytes, with no `UdpGro`.
#[test]
fn udp_segment_is_split_for_a_socket_without_udp_gro() {
    for family in [V4, V6] {
        let Some((rx, tx)) = family.connected_pair() else {
            continue;
        };
        let Some(reads) = segmented(&rx, &tx) else {
            return;
        };
        assert_eq!(
            reads,
            [(1000, None), (1000, None), (1000, None), (500, None)],
            "{family:?}"
        );
    }
}
