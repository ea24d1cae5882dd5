//! Receive sets (`#[derive(ControlMessages)]`) against the real kernel: one
//! `enable` call, a buffer of exactly `SPACE` bytes, every message decoded
//! into its variant; one byte less is truncation, and says so.
#![cfg(target_os = "linux")]

mod common;

use cmsg::platforms::linux::{
    IpPktInfo, IpTos, Ipv6PktInfo, Ipv6TClass, KernelTime, ScmPidfd, ScmTimestampNs, UCred, UdpGro,
    UdpSegment,
};
use cmsg::{
    recvmsg, sendmsg_to, space_for, ControlBuffer, ControlMessages, DecodeError, Encoder, Fds,
    RecvFlags, RecvMsg, ScmRights, SendFlags,
};
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{SocketAddr, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::time::SystemTime;

/// What a QUIC stack receives on an IPv4 socket.
#[derive(ControlMessages, Debug)]
enum QuicV4<'a> {
    Tos(IpTos),
    PktInfo(&'a IpPktInfo),
    Gro(UdpGro),
    Stamp(ScmTimestampNs),
}

/// And on an IPv6 one.
#[derive(ControlMessages, Debug)]
enum QuicV6<'a> {
    TClass(Ipv6TClass),
    PktInfo(&'a Ipv6PktInfo),
    Gro(UdpGro),
    Stamp(ScmTimestampNs),
}

/// Both, for a socket that may carry either: the README's example (whose
/// loop reads only some variants).
#[allow(dead_code)]
#[derive(ControlMessages, Debug)]
enum Quic<'a> {
    Tos(IpTos),
    TClass(Ipv6TClass),
    PktInfo(&'a IpPktInfo),
    Ipv6PktInfo(&'a Ipv6PktInfo),
    Gro(UdpGro),
    Stamp(ScmTimestampNs),
}

/// What a process supervisor receives from a child.
#[derive(ControlMessages, Debug)]
enum Supervisor<'a> {
    #[cmsg(max = 3)]
    Rights(Fds<'a, ScmRights>),
    Credentials(UCred),
    Pidfd(Fds<'a, ScmPidfd>),
}

const SEGMENT: u16 = 500;

fn errno(e: &io::Error) -> i32 {
    e.raw_os_error().unwrap_or(0)
}

fn set_int(socket: &UdpSocket, level: i32, name: i32, value: i32) {
    let option = cmsg::SocketOption { level, name };
    cmsg::set_socket_option(socket, option, value).unwrap();
}

/// Sends two `SEGMENT`-byte datagrams in one `sendmsg` with `UDP_SEGMENT`;
/// `false` (printed) where the kernel has no UDP GSO.
fn send_gso(tx: &UdpSocket, to: SocketAddr) -> bool {
    let payload = [7u8; 2 * SEGMENT as usize];
    let mut buf = ControlBuffer::<{ cmsg::space::<UdpSegment>() }>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&UdpSegment(SEGMENT)).unwrap();
    match sendmsg_to(
        tx,
        &to,
        &[IoSlice::new(&payload)],
        encoder.finish(),
        SendFlags::empty(),
    ) {
        Ok(n) => {
            assert_eq!(n, payload.len());
            true
        }
        Err(e) if matches!(errno(&e), libc::EIO | libc::ENOPROTOOPT) => {
            println!("UNAVAILABLE: UDP_SEGMENT: {e}");
            false
        }
        Err(e) => panic!("sendmsg with UDP_SEGMENT: {e}"),
    }
}

/// libc's `CMSG_SPACE(payload)`.
fn libc_space(payload: u32) -> usize {
    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    unsafe { libc::CMSG_SPACE(payload) as usize }
}

fn now() -> SystemTime {
    SystemTime::now()
}

/// One GSO send of two segments, received whole (GRO) into `control`.
fn quic_round_trip<'c>(
    rx: &UdpSocket,
    tx: &UdpSocket,
    data: &mut [u8],
    control: &'c mut [u8],
) -> Option<(RecvMsg<'c>, SystemTime, SystemTime)> {
    let before = now();
    if !send_gso(tx, rx.local_addr().unwrap()) {
        return None;
    }
    let msg = recvmsg(
        rx,
        &mut [IoSliceMut::new(data)],
        control,
        RecvFlags::empty(),
    )
    .unwrap();
    Some((msg, before, now()))
}

#[test]
fn quic_set_over_ipv4_is_enabled_in_one_call_and_sized_exactly() {
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let report = QuicV4::enable(&rx);
    assert!(report.all_enabled(), "{report}");
    set_int(&tx, libc::IPPROTO_IP, libc::IP_TOS, 0x28);

    let mut data = [0u8; 4096];
    let mut control = QuicV4::buffer();
    assert_eq!(control.len(), QuicV4::SPACE);
    let libc_sum = [1, 12, 4, 16].map(libc_space).iter().sum::<usize>();
    assert_eq!(QuicV4::SPACE, libc_sum);
    let Some((mut msg, before, after)) = quic_round_trip(&rx, &tx, &mut data, &mut control) else {
        return;
    };
    assert_eq!(
        msg.bytes,
        2 * usize::from(SEGMENT),
        "GRO joined both segments"
    );
    assert!(!msg.flags.control_truncated(), "{:?}", msg.flags);
    assert_eq!(
        msg.control.as_bytes().len(),
        QuicV4::SPACE,
        "the kernel filled it exactly"
    );
    let mut seen = Vec::new();
    let needed = needed(msg.control.as_bytes());
    for message in msg.control.dispatch::<QuicV4>() {
        let message = message.unwrap();
        match &message {
            QuicV4::Tos(tos) => assert_eq!(tos.0, 0x28),
            QuicV4::PktInfo(info) => {
                assert_eq!(info.addr, [127, 0, 0, 1]);
                assert!(info.ifindex > 0);
            }
            QuicV4::Gro(gro) => assert_eq!(gro.0, i32::from(SEGMENT)),
            QuicV4::Stamp(stamp) => {
                let at = stamp.0.to_system_time().unwrap();
                assert!(
                    before <= at && at <= after,
                    "{before:?} <= {at:?} <= {after:?}"
                );
            }
        }
        seen.push(std::mem::discriminant(&message));
    }
    assert_eq!(seen.len(), 4, "every variant once");

    drop(msg);
    tight(&rx, &tx, needed, QuicV4::SPACE, |control| {
        let last = control.dispatch::<QuicV4>().last();
        matches!(last, Some(Err(DecodeError::Truncated { .. })))
    });
}

/// Where the last message ends: the kernel needs every message's
/// `CMSG_SPACE` but only the last one's `CMSG_LEN`.
fn needed(control: &[u8]) -> usize {
    let last = cmsg::Messages::new(control).last().unwrap().unwrap();
    last.offset + last.data.len()
}

/// `SPACE` is exact: it is `needed` plus no more than the last message's
/// alignment padding; `needed` bytes receive everything, one byte less is
/// truncation, which the walk reports at its end.
fn tight(
    rx: &UdpSocket,
    tx: &UdpSocket,
    needed: usize,
    space: usize,
    ends_truncated: impl FnOnce(&mut cmsg::Received<'_>) -> bool,
) {
    assert!(
        space - needed < cmsg::layout::NATIVE.data_align,
        "{space} vs {needed}"
    );
    let mut data = [0u8; 4096];
    let mut exact = vec![0u8; needed];
    let (msg, ..) = quic_round_trip(rx, tx, &mut data, &mut exact).unwrap();
    assert!(
        !msg.flags.control_truncated(),
        "{needed} bytes hold every message"
    );
    drop(msg);
    let mut short = vec![0u8; needed - 1];
    let (mut msg, ..) = quic_round_trip(rx, tx, &mut data, &mut short).unwrap();
    assert!(
        msg.flags.control_truncated(),
        "one byte short must truncate"
    );
    assert!(
        ends_truncated(&mut msg.control),
        "the walk ends with DecodeError::Truncated"
    );
}

#[test]
fn quic_set_over_ipv6_is_enabled_in_one_call_and_sized_exactly() {
    let (rx, tx) = match (UdpSocket::bind("[::1]:0"), UdpSocket::bind("[::1]:0")) {
        (Ok(rx), Ok(tx)) => (rx, tx),
        (Err(e), _) | (_, Err(e)) => {
            assert_eq!(errno(&e), libc::EADDRNOTAVAIL, "{e}");
            return println!("UNAVAILABLE: IPv6 loopback: {e}");
        }
    };
    let report = QuicV6::enable(&rx);
    assert!(report.all_enabled(), "{report}");
    set_int(&tx, libc::IPPROTO_IPV6, libc::IPV6_TCLASS, 0x28);

    let mut data = [0u8; 4096];
    let mut control = QuicV6::buffer();
    let libc_sum = [4, 20, 4, 16].map(libc_space).iter().sum::<usize>();
    assert_eq!(QuicV6::SPACE, libc_sum);
    let Some((mut msg, before, after)) = quic_round_trip(&rx, &tx, &mut data, &mut control) else {
        return;
    };
    assert_eq!(msg.bytes, 2 * usize::from(SEGMENT));
    assert!(!msg.flags.control_truncated(), "{:?}", msg.flags);
    assert_eq!(msg.control.as_bytes().len(), QuicV6::SPACE);
    let mut count = 0;
    let needed = needed(msg.control.as_bytes());
    for message in msg.control.dispatch::<QuicV6>() {
        match message.unwrap() {
            QuicV6::TClass(class) => assert_eq!(class.0, 0x28),
            QuicV6::PktInfo(info) => {
                assert_eq!(info.addr, std::net::Ipv6Addr::LOCALHOST.octets());
                assert!(info.ifindex > 0);
            }
            QuicV6::Gro(gro) => assert_eq!(gro.0, i32::from(SEGMENT)),
            QuicV6::Stamp(stamp) => {
                let at = stamp.0.to_system_time().unwrap();
                assert!(before <= at && at <= after);
            }
        }
        count += 1;
    }
    assert_eq!(count, 4);
    drop(msg);
    tight(&rx, &tx, needed, QuicV6::SPACE, |control| {
        let last = control.dispatch::<QuicV6>().last();
        matches!(last, Some(Err(DecodeError::Truncated { .. })))
    });
}

#[test]
fn enable_goes_on_past_refusals_and_names_them() {
    // An IPv4 socket refuses the IPv6 options; the others are still set.
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let report = Quic::enable(&rx);
    let refused: Vec<_> = report
        .refused()
        .map(|r| (r.variant, errno(r.error)))
        .collect();
    assert_eq!(
        refused,
        [
            ("TClass", libc::ENOPROTOOPT),
            ("Ipv6PktInfo", libc::ENOPROTOOPT)
        ],
        "{report}"
    );
    println!("{report}");
    // What was enabled is really on: IP_RECVTOS reads back 1.
    let mut value: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` and `len` are valid out-pointers for an int option.
    let rc = unsafe {
        libc::getsockopt(
            rx.as_raw_fd(),
            libc::IPPROTO_IP,
            libc::IP_RECVTOS,
            std::ptr::from_mut(&mut value).cast(),
            &mut len,
        )
    };
    assert_eq!((rc, value), (0, 1));
}

#[global_allocator]
static ALLOCATOR: common::counting::Counting = common::counting::Counting;

fn is_open(fd: i32) -> bool {
    // SAFETY: F_GETFD only reads the descriptor table.
    unsafe { libc::fcntl(fd, libc::F_GETFD) >= 0 }
}

#[test]
fn supervisor_set_takes_descriptors_credentials_and_pidfd_without_allocating() {
    let (child, supervisor) = common::unix_pair(libc::SOCK_DGRAM).unwrap();
    let report = Supervisor::enable(&supervisor);
    if let Some(refused) = report.refused().next() {
        // SO_PASSPIDFD arrived in Linux 6.5; SO_PASSCRED is older than cmsg.
        assert_eq!(refused.variant, "Pidfd", "{report}");
        assert!(matches!(
            errno(refused.error),
            libc::ENOPROTOOPT | libc::EINVAL
        ));
        return println!("UNAVAILABLE: SO_PASSPIDFD: {}", refused.error);
    }
    let files = [
        std::fs::File::open("/dev/null").unwrap(),
        std::fs::File::open("/proc/self/exe").unwrap(),
        std::fs::File::open("/").unwrap(),
    ];
    let sent: Vec<_> = files.iter().map(common::identity).collect();
    let mut out = ControlBuffer::<{ space_for::<ScmRights>(3) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_fds(&[files[0].as_fd(), files[1].as_fd(), files[2].as_fd()])
        .unwrap();
    cmsg::sendmsg(
        &child,
        &[IoSlice::new(b"hi")],
        encoder.finish(),
        SendFlags::empty(),
    )
    .unwrap();

    let mut data = [0u8; 8];
    let mut control = Supervisor::buffer();
    let mut taken: Vec<OwnedFd> = Vec::with_capacity(4);
    let mut left = Vec::with_capacity(1);
    let mut credentials = None;
    let count = common::counting::allocations(|| {
        let mut msg = recvmsg(
            &supervisor,
            &mut [IoSliceMut::new(&mut data)],
            &mut control,
            RecvFlags::empty(),
        )
        .unwrap();
        assert!(!msg.flags.control_truncated());
        for message in msg.control.dispatch::<Supervisor>() {
            match message.unwrap() {
                Supervisor::Rights(mut fds) => {
                    assert_eq!(fds.count_left(), 3);
                    taken.extend(fds.by_ref().take(2));
                    left.extend(fds.as_raw_fds()); // the third is not taken
                }
                Supervisor::Credentials(c) => credentials = Some(c),
                Supervisor::Pidfd(fds) => taken.extend(fds),
            }
        }
    });
    assert_eq!(count, 0, "no allocation while receiving and dispatching");

    assert_eq!(msg_bytes(&data), b"hi");
    let ours = UCred::current();
    assert_eq!(credentials, Some(ours));
    assert_eq!(taken.len(), 3, "two descriptors and the pidfd");
    assert_eq!(common::identity(&taken[0]), sent[0]);
    assert_eq!(common::identity(&taken[1]), sent[1]);
    let pid = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", taken[2].as_raw_fd()))
        .unwrap()
        .lines()
        .find_map(|l| {
            l.strip_prefix("Pid:")
                .map(|p| p.trim().parse::<u32>().unwrap())
        });
    assert_eq!(
        pid,
        Some(std::process::id()),
        "the pidfd names this process"
    );
    assert_eq!(left.len(), 1);
    assert!(
        !is_open(left[0]),
        "the descriptor not taken was closed with the Received"
    );
}

fn msg_bytes(data: &[u8; 8]) -> &[u8] {
    &data[..2]
}

#[test]
fn the_readme_quic_example_runs() -> Result<(), Box<dyn std::error::Error>> {
    let socket = UdpSocket::bind("127.0.0.1:0")?;
    let tx = UdpSocket::bind("127.0.0.1:0")?;
    set_int(&tx, libc::IPPROTO_IP, libc::IP_TOS, 0x2b); // DSCP 10, ECN 3
    let mut data = [0u8; 4096];
    let (mut ecn, mut segment) = (0u8, 0);

    // From here, the README's code.
    let report = Quic::enable(&socket); // every option tried; an IPv4 socket refuses the IPv6 ones
    for refused in report.refused() {
        eprintln!("{}: {}", refused.variant, refused.error);
    }
    if !send_gso(&tx, socket.local_addr()?) {
        return Ok(());
    }
    let mut control = Quic::buffer(); // exactly Quic::SPACE bytes: one of each, nothing lost
    let mut msg = recvmsg(
        &socket,
        &mut [std::io::IoSliceMut::new(&mut data)],
        &mut control,
        RecvFlags::empty(),
    )?;
    for message in msg.control.dispatch::<Quic>() {
        match message? {
            Quic::Tos(IpTos(tos)) => ecn = tos & 3,
            Quic::TClass(Ipv6TClass(class)) => ecn = (class & 3) as u8,
            Quic::Gro(UdpGro(size)) => segment = size,
            _ => {}
        }
    }
    // To here.
    assert_eq!(report.refused().count(), 2);
    assert!(!msg.flags.control_truncated());
    assert_eq!((ecn, segment), (3, i32::from(SEGMENT)));
    Ok(())
}
