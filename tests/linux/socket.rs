//! `socket.rs`, all but the timestamps (in `timestamps.rs`): credentials
//! (`SCM_CREDENTIALS`), `SO_MARK` / `SO_RCVMARK`, `SO_RXQ_OVFL`,
//! `SCM_TXTIME`, `SCM_PIDFD` and `SCM_SECURITY`, and the socket options
//! the kernel reads as descriptors. That an untaken pidfd is closed is
//! checked in `tests/fd_leaks.rs`, which counts descriptors alone.

use crate::support::{
    available, errno, fdinfo_pid, identity, is_cloexec, is_root, pass_pidfd, recv, send_bytes,
    send_one, set, unix_pair, with_received, V4,
};
use cmsg::platforms::linux::{Mark, RxqOvfl, ScmPidfd, ScmSecurity, TxTime, UCred};
use cmsg::{
    enable, sendmsg, set_socket_option, set_socket_option_fd, space, ControlBuffer, ControlMessage,
    Encoder, OptionTakesFd, RecvFlags, SendFlags, SocketOption,
};
use std::io::{self, IoSlice};
use std::net::UdpSocket;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

/// The errors a kernel without a `SOL_SOCKET` option gives.
const NO_OPTION: [i32; 2] = [libc::ENOPROTOOPT, libc::EINVAL];

// ---------------------------------------------------------- SCM_CREDENTIALS

/// Receives one message on `b` and returns its credentials.
fn receive_credentials(b: &OwnedFd) -> UCred {
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ space::<UCred>() }>::new();
    let msg = recv(b, &mut data, &mut control, RecvFlags::empty()).unwrap();
    assert!(!msg.flags.control_truncated());
    *msg.control
        .get::<UCred>()
        .unwrap()
        .expect("SCM_CREDENTIALS attached")
}

/// Sends `data` on `a` with `credentials`.
fn send_credentials(a: &OwnedFd, data: &[u8], credentials: &UCred) -> io::Result<usize> {
    let mut out = ControlBuffer::<{ space::<UCred>() }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(credentials).unwrap();
    sendmsg(
        a,
        &[IoSlice::new(data)],
        encoder.finish(),
        SendFlags::empty(),
    )
}

/// SCM_CREDENTIALS with SO_PASSCRED: the kernel attaches the sender's real
/// pid, uid and gid.
#[test]
fn kernel_attaches_the_senders_credentials() {
    let me = UCred {
        pid: std::process::id() as libc::pid_t,
        // SAFETY: getuid/getgid cannot fail.
        uid: unsafe { libc::getuid() },
        // SAFETY: as above.
        gid: unsafe { libc::getgid() },
    };
    for (name, ty) in [("stream", libc::SOCK_STREAM), ("dgram", libc::SOCK_DGRAM)] {
        let (a, b) = unix_pair(ty).unwrap();
        enable::<UCred>(&b).unwrap();
        send_bytes(&a, b"who");
        assert_eq!(receive_credentials(&b), me, "{name}");
    }
}

#[test]
fn explicit_credentials_are_delivered_as_sent() {
    for (name, ty) in [("stream", libc::SOCK_STREAM), ("dgram", libc::SOCK_DGRAM)] {
        let (a, b) = unix_pair(ty).unwrap();
        enable::<UCred>(&b).unwrap();
        send_credentials(&a, b"me", &UCred::current()).unwrap();
        assert_eq!(receive_credentials(&b), UCred::current(), "{name}");
    }
}

/// A pid no process has: the kernel refuses it (ESRCH with CAP_SYS_ADMIN,
/// which may name any existing pid; EPERM without, which may name only its
/// own).
#[test]
fn credentials_naming_a_missing_process_are_refused() {
    let (a, b) = unix_pair(libc::SOCK_DGRAM).unwrap();
    enable::<UCred>(&b).unwrap();
    // pid_max is at most 2^22 on Linux: this pid cannot exist.
    let forged = UCred {
        pid: (1 << 22) + 1,
        ..UCred::current()
    };
    let err = send_credentials(&a, b"x", &forged).unwrap_err();
    let expected = if is_root() { libc::ESRCH } else { libc::EPERM };
    assert_eq!(err.raw_os_error(), Some(expected), "{err}");
}

// ------------------------------------------------------ SO_MARK / SO_RCVMARK

const SO_MARK: SocketOption = SocketOption {
    level: libc::SOL_SOCKET,
    name: libc::SO_MARK,
};

fn received_mark(rx: &UdpSocket, expect: &[u8]) -> Option<u32> {
    let mut data = [0u8; 64];
    let (n, mark) = with_received(rx, &mut data, RecvFlags::empty(), |m| {
        (m.bytes, m.control.get::<Mark>().unwrap().map(|m| m.0))
    })
    .unwrap();
    assert_eq!(&data[..n], expect);
    mark
}

#[test]
fn so_mark_reaches_a_receiver_with_so_rcvmark() {
    for family in [V4, crate::support::V6] {
        let Some((rx, tx)) = family.connected_pair() else {
            continue;
        };
        if available("SO_RCVMARK", enable::<Mark>(&rx), &NO_OPTION).is_none() {
            return;
        }

        // An unmarked packet: SO_RCVMARK reports every packet's mark, 0 too.
        tx.send(b"plain").unwrap();
        assert_eq!(received_mark(&rx, b"plain"), Some(0), "{family:?}");

        // The per-packet mark: needs CAP_NET_RAW or CAP_NET_ADMIN.
        match send_one(&tx, b"marked", &Mark(0x1234)) {
            Ok(n) => assert_eq!(n, 6),
            Err(e) if errno(&e) == libc::EPERM && !is_root() => {
                eprintln!("SO_MARK cmsg refused without privilege (EPERM): not root");
                return;
            }
            Err(e) => panic!("{family:?}: sendmsg with SO_MARK: {e}"),
        }
        assert_eq!(received_mark(&rx, b"marked"), Some(0x1234), "{family:?}");

        // The socket's own mark, set with setsockopt(SO_MARK).
        set(&tx, SO_MARK.level, SO_MARK.name, 0x5678);
        tx.send(b"socket").unwrap();
        assert_eq!(received_mark(&rx, b"socket"), Some(0x5678), "{family:?}");

        // A per-packet mark overrides the socket's.
        send_one(&tx, b"override", &Mark(0x9abc)).unwrap();
        assert_eq!(received_mark(&rx, b"override"), Some(0x9abc), "{family:?}");
    }
}

/// Without SO_RCVMARK the mark is not reported, even on a marked packet.
#[test]
fn so_mark_is_not_reported_without_so_rcvmark() {
    let (rx, tx) = V4.connected_pair().unwrap();
    if let Err(e) = set_socket_option(&tx, SO_MARK, 0x1234) {
        assert!(errno(&e) == libc::EPERM && !is_root(), "SO_MARK: {e}");
        eprintln!("SO_MARK refused without privilege (EPERM): not root");
        return;
    }
    tx.send(b"m").unwrap();
    assert_eq!(received_mark(&rx, b"m"), None);
}

// ------------------------------------------------------------- SO_RXQ_OVFL

/// The `drops` column of `/proc/net/udp` for the socket with inode `inode`.
fn proc_net_udp_drops(inode: u64) -> Option<u64> {
    let table = std::fs::read_to_string("/proc/net/udp").ok()?;
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
        (fields.get(9)?.parse::<u64>().ok()? == inode).then(|| fields.last()?.parse().ok())?
    })
}

#[test]
fn rxq_ovfl_counts_the_datagrams_dropped() {
    const SENDS: u32 = 2000;
    const FINAL: u32 = u32::MAX;
    let (rx, tx) = V4.connected_pair().unwrap();
    if available("SO_RXQ_OVFL", enable::<RxqOvfl>(&rx), &NO_OPTION).is_none() {
        return;
    }
    // The kernel raises this to its minimum: a few datagrams at most.
    set(&rx, libc::SOL_SOCKET, libc::SO_RCVBUF, 1);
    tx.set_nonblocking(true).unwrap();
    let mut sent = 0u32;
    for i in 0..SENDS {
        match tx.send(&i.to_ne_bytes()) {
            Ok(_) => sent += 1,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("send: {e}"),
        }
    }
    tx.set_nonblocking(false).unwrap();
    assert!(sent > 0);

    // Drain what fit, then send one more: it is queued after every drop,
    // so it carries the whole count. Datagrams still in flight (a softirq
    // deferred to ksoftirqd) are read in order before it.
    let mut seen = Vec::new();
    let mut data = [0u8; 16];
    let mut final_sent = false;
    let total = loop {
        assert!(seen.len() <= SENDS as usize, "bounded by what was sent");
        let flags = if final_sent {
            RecvFlags::empty()
        } else {
            RecvFlags::DONTWAIT
        };
        let got = with_received(&rx, &mut data, flags, |m| {
            (m.bytes, m.control.get::<RxqOvfl>().unwrap().map(|o| o.0))
        });
        match got {
            Ok((4, ovfl)) => {
                let seq = u32::from_ne_bytes(data[..4].try_into().unwrap());
                if seq == FINAL {
                    break ovfl.expect("SO_RXQ_OVFL after drops");
                }
                seen.push((seq, ovfl.unwrap_or(0)));
            }
            Ok((n, _)) => panic!("unexpected {n}-byte datagram"),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && !final_sent => {
                tx.send(&FINAL.to_ne_bytes()).unwrap();
                final_sent = true;
            }
            Err(e) => panic!("recvmsg: {e}"),
        }
    };
    let received = u32::try_from(seen.len()).unwrap();
    eprintln!("sent {sent}, received {received}, SO_RXQ_OVFL {total}");
    assert!(total > 0, "a tiny receive buffer overflowed");
    assert!(received < sent);
    assert!(
        total <= sent - received,
        "no more drops than missing datagrams"
    );
    // Each datagram carries the count when it was queued: never decreasing.
    assert!(
        seen.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
        "{seen:?}"
    );
    assert!(seen.iter().all(|&(_, n)| n <= total));
    let (_, inode) = identity(&rx);
    match proc_net_udp_drops(inode) {
        Some(drops) => assert_eq!(u64::from(total), drops, "/proc/net/udp agrees"),
        None => eprintln!("socket inode {inode} not found in /proc/net/udp"),
    }
}

// -------------------------------------------------------------- SCM_TXTIME

fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    assert_eq!(rc, 0);
    u64::try_from(ts.tv_sec).unwrap() * 1_000_000_000 + u64::try_from(ts.tv_nsec).unwrap()
}

#[test]
fn scm_txtime_is_accepted_once_so_txtime_is_set() {
    let (rx, tx) = V4.connected_pair().unwrap();
    let mut data = [0u8; 16];

    // Without SO_TXTIME the kernel refuses the message (EINVAL): proof it
    // parsed our SOL_SOCKET/SCM_TXTIME header.
    let refused = send_one(&tx, b"early", &TxTime(monotonic_ns() + 1_000_000)).unwrap_err();
    assert_eq!(errno(&refused), libc::EINVAL, "{refused}");

    let enabled = cmsg::platforms::linux::enable_txtime(&tx, libc::CLOCK_MONOTONIC, 0);
    if available("SO_TXTIME", enabled, &NO_OPTION).is_none() {
        return;
    }

    // One millisecond ahead on CLOCK_MONOTONIC. Only the ETF qdisc (or fq,
    // for EDT) acts on skb->tstamp; loopback's default `noqueue` ignores it
    // and the datagram goes out at once.
    let when = monotonic_ns() + 1_000_000;
    assert_eq!(send_one(&tx, b"timed", &TxTime(when)).unwrap(), 5);
    let n = with_received(&rx, &mut data, RecvFlags::empty(), |m| m.bytes).unwrap();
    assert_eq!(&data[..n], b"timed");

    // The kernel insists on exactly CMSG_LEN(sizeof(u64)).
    let mut out = ControlBuffer::<64>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder
        .push_raw(TxTime::LEVEL, TxTime::TYPE, &1u32.to_ne_bytes())
        .unwrap();
    let short = sendmsg(
        &tx,
        &[IoSlice::new(b"bad")],
        encoder.finish(),
        SendFlags::empty(),
    );
    assert_eq!(errno(&short.unwrap_err()), libc::EINVAL);
}

#[test]
fn options_read_as_descriptors_take_only_borrowed_ones() {
    let socket = V4.udp().unwrap();
    let bpf = SocketOption {
        level: libc::SOL_SOCKET,
        name: libc::SO_ATTACH_BPF,
    };
    // A bare number is refused before any syscall, with a typed reason.
    for option in [
        bpf,
        SocketOption {
            level: libc::SOL_SOCKET,
            name: libc::SO_ATTACH_REUSEPORT_EBPF,
        },
        SocketOption {
            level: libc::SOL_PACKET,
            name: libc::PACKET_FANOUT_DATA,
        },
    ] {
        let refused = set_socket_option(&socket, option, 0).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::InvalidInput);
        let reason = refused
            .get_ref()
            .and_then(|e| e.downcast_ref::<OptionTakesFd>());
        assert_eq!(reason, Some(&OptionTakesFd { option }));
    }
    // A borrowed descriptor reaches the kernel, which looks it up: /dev/null
    // is not a BPF program (`bpf_prog_get()`: EINVAL).
    let file = std::fs::File::open("/dev/null").unwrap();
    let err = set_socket_option_fd(&socket, bpf, file.as_fd()).unwrap_err();
    assert_eq!(errno(&err), libc::EINVAL, "{err}");
    // An ordinary option still goes through.
    set(&socket, libc::IPPROTO_IP, libc::IP_RECVTTL, 1);
}

// --------------------------------------------------------------- SCM_PIDFD

#[test]
fn scm_pidfd_names_the_sending_process() {
    for (name, ty) in [("dgram", libc::SOCK_DGRAM), ("stream", libc::SOCK_STREAM)] {
        let (a, b) = unix_pair(ty).unwrap();
        if !pass_pidfd(&b) {
            return;
        }
        send_bytes(&a, b"pid");
        let mut data = [0u8; 8];
        let mut control = ControlBuffer::<{ space::<ScmPidfd>() }>::new();
        let mut msg = recv(&b, &mut data, &mut control, RecvFlags::empty()).unwrap();
        assert_eq!(msg.bytes, 3, "{name}");
        assert!(!msg.flags.control_truncated(), "{name}");
        let raw = msg.control.get::<ScmPidfd>().unwrap().expect("SCM_PIDFD").0;
        let taken: Vec<OwnedFd> = msg.control.take_fds_of::<ScmPidfd>().collect();
        assert_eq!(taken.len(), 1, "{name}");
        let pidfd = &taken[0];
        assert_eq!(pidfd.as_raw_fd(), raw, "{name}");
        // Taken: the slot now reads -1 and nothing else is handed out.
        assert_eq!(msg.control.get::<ScmPidfd>().unwrap(), Some(&ScmPidfd(-1)));
        assert_eq!(msg.control.take_fds_of::<ScmPidfd>().count(), 0);
        drop(msg);
        // Still open after the `Received` is gone: it is ours now.
        assert_eq!(
            fdinfo_pid(pidfd.as_raw_fd()),
            Some(std::process::id()),
            "{name}"
        );
        assert!(is_cloexec(pidfd), "{name}: pidfds are always O_CLOEXEC");
    }
}

// ------------------------------------------------------------ SCM_SECURITY

/// Why the kernel has no security context to give (`Ok`), or which LSM it
/// has that should have given one (`Err`).
fn no_context_lsm() -> Result<String, String> {
    // The kernel's own answer: reading the process's context fails with
    // EINVAL when no LSM provides one.
    let attr = std::fs::read("/proc/self/attr/current");
    let attr = match attr {
        Err(e) if errno(&e) == libc::EINVAL => "/proc/self/attr/current: EINVAL".to_owned(),
        Err(e) => return Err(format!("/proc/self/attr/current: {e}")),
        Ok(label) => {
            return Err(format!(
                "process context {:?}",
                String::from_utf8_lossy(&label)
            ))
        }
    };
    match std::fs::read_to_string("/sys/kernel/security/lsm") {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(format!(
            "no LSM: /sys/kernel/security/lsm absent (securityfs not mounted); {attr}"
        )),
        Err(e) => Err(format!("/sys/kernel/security/lsm: {e}")),
        Ok(list) if list.trim().is_empty() => {
            Ok(format!("no LSM: /sys/kernel/security/lsm empty; {attr}"))
        }
        Ok(list) => {
            let contexts = ["selinux", "smack", "apparmor"];
            match list.trim().split(',').find(|lsm| contexts.contains(lsm)) {
                Some(lsm) => Err(format!("{lsm} is active ({list})")),
                None => Ok(format!(
                    "no LSM providing contexts: lsm = {}; {attr}",
                    list.trim()
                )),
            }
        }
    }
}

#[test]
fn scm_security_arrives_only_with_an_lsm() {
    let (a, b) = unix_pair(libc::SOCK_DGRAM).unwrap();
    if available("SO_PASSSEC", enable::<ScmSecurity>(&b), &NO_OPTION).is_none() {
        return;
    }
    send_bytes(&a, b"sec");
    let mut data = [0u8; 8];
    let label = with_received(&b, &mut data, RecvFlags::empty(), |m| {
        assert_eq!(m.bytes, 3);
        m.control
            .get::<ScmSecurity>()
            .unwrap()
            .map(|s| s.label().to_vec())
    })
    .unwrap();
    match (label, no_context_lsm()) {
        (Some(label), _) => {
            assert!(!label.is_empty(), "a security context");
            assert!(!label.contains(&0), "label() strips the NUL");
        }
        (None, Ok(reason)) => eprintln!("UNAVAILABLE: SCM_SECURITY: {reason}"),
        (None, Err(lsm)) => panic!("no SCM_SECURITY although {lsm}"),
    }
}
