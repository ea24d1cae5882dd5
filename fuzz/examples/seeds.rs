//! Writes the seed corpus (`fuzz/corpus/<target>/`) from control data this
//! machine's kernel really returns: credentials and descriptors over a
//! Unix socket pair, UDP over loopback with packet info, TTL, TOS and
//! timestamps enabled, IPv6 packet info and hop limits, an ICMP error from
//! the error queue, and truncated receives of each. Each receive becomes
//!
//! - a `decode` seed: the raw control bytes, as `recvmsg` left them;
//! - a `round_trip` seed: the same messages as encoder operations;
//! - a `descriptors` seed: the same layout (kinds, lengths, `MSG_CTRUNC`),
//!   plus descriptor-taking operations.
//!
//! Plus a few hand-written seeds for each. Run from the repository root:
//! `cargo run --manifest-path fuzz/Cargo.toml --example seeds`.
//! Options the kernel refuses (no IPv6, no SO_PASSPIDFD) are skipped.

use cmsg::layout::NATIVE;
use cmsg::Messages;
use cmsg_fuzz::format::{descriptors as d, round_trip as rt};
use std::io::Error;
use std::mem::{size_of, zeroed};
use std::path::{Path, PathBuf};

type Fd = libc::c_int;

fn check(ret: libc::c_int, what: &str) -> std::io::Result<libc::c_int> {
    if ret < 0 {
        let e = Error::last_os_error();
        Err(Error::new(e.kind(), format!("{what}: {e}")))
    } else {
        Ok(ret)
    }
}

fn setopt(
    fd: Fd,
    level: libc::c_int,
    name: libc::c_int,
    value: libc::c_int,
) -> std::io::Result<()> {
    // SAFETY: setsockopt reads size_of::<c_int>() bytes from `value`.
    let ret = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (&value as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    check(ret, &format!("setsockopt({level}, {name})")).map(|_| ())
}

/// `sendmsg` of one byte with `control` (descriptors are the caller's and
/// stay open), to `to` if given.
fn send(
    fd: Fd,
    control: &[u8],
    to: Option<(&libc::sockaddr_storage, libc::socklen_t)>,
) -> std::io::Result<()> {
    let mut byte = [b'x'];
    let mut iov = libc::iovec {
        iov_base: byte.as_mut_ptr().cast(),
        iov_len: 1,
    };
    let mut control = control.to_vec();
    // SAFETY: a zeroed msghdr is valid; every pointer set below outlives
    // the call.
    let mut msg: libc::msghdr = unsafe { zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    if !control.is_empty() {
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = control.len() as _;
    }
    if let Some((addr, len)) = to {
        msg.msg_name = (addr as *const libc::sockaddr_storage).cast_mut().cast();
        msg.msg_namelen = len;
    }
    // SAFETY: msg points at live buffers.
    check(
        unsafe { libc::sendmsg(fd, &msg, 0) } as libc::c_int,
        "sendmsg",
    )
    .map(|_| ())
}

/// `recvmsg` with a `size`-byte control buffer: the control bytes
/// (`msg_controllen` of them) and `msg_flags`.
fn recv(fd: Fd, size: usize, flags: libc::c_int) -> std::io::Result<(Vec<u8>, libc::c_int)> {
    let mut data = [0u8; 256];
    let mut iov = libc::iovec {
        iov_base: data.as_mut_ptr().cast(),
        iov_len: data.len(),
    };
    let mut control = vec![0u64; size.div_ceil(8) + 1];
    // SAFETY: as in `send`.
    let mut msg: libc::msghdr = unsafe { zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = size as _;
    // SAFETY: msg points at live buffers; received descriptors are
    // close-on-exec and left open until the process exits.
    let n = unsafe { libc::recvmsg(fd, &mut msg, flags | libc::MSG_CMSG_CLOEXEC) };
    check(n as libc::c_int, "recvmsg")?;
    // SAFETY: the buffer holds `size` initialized bytes (zeroed u64s).
    let bytes = unsafe { std::slice::from_raw_parts(control.as_ptr().cast::<u8>(), size) };
    Ok((bytes[..msg.msg_controllen as usize].to_vec(), msg.msg_flags))
}

/// The control bytes of an SCM_RIGHTS message carrying `fds`.
fn rights(fds: &[Fd]) -> Vec<u8> {
    let payload: Vec<u8> = fds.iter().flat_map(|fd| fd.to_ne_bytes()).collect();
    let mut out = vec![0u8; NATIVE.space(payload.len())];
    out[..8].copy_from_slice(&(NATIVE.len(payload.len()) as u64).to_ne_bytes());
    out[8..12].copy_from_slice(&libc::SOL_SOCKET.to_ne_bytes());
    out[12..16].copy_from_slice(&libc::SCM_RIGHTS.to_ne_bytes());
    out[16..16 + payload.len()].copy_from_slice(&payload);
    out
}

struct Corpus {
    root: PathBuf,
    count: usize,
}

impl Corpus {
    fn write(&mut self, target: &str, name: &str, bytes: &[u8]) {
        let dir = self.root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
        self.count += 1;
    }

    /// One kernel sample as a seed for each target.
    fn kernel(&mut self, name: &str, (bytes, flags): &(Vec<u8>, libc::c_int)) {
        let name = format!("kernel-{name}");
        self.write("decode", &name, bytes);

        let messages: Vec<(i32, i32, Vec<u8>)> = Messages::new(bytes)
            .map_while(Result::ok)
            .map(|m| (m.level, m.ty, m.data.to_vec()))
            .collect();

        // round_trip: native, room for exactly these messages.
        let mut rt_seed = vec![0u8, 0];
        rt_seed.extend_from_slice(&(bytes.len().next_multiple_of(8) as u16).to_le_bytes());
        for (level, ty, data) in &messages {
            if (*level, *ty) == (libc::SOL_SOCKET, libc::SCM_RIGHTS) {
                rt_seed.extend_from_slice(&[rt::OP_FDS, (data.len() / 4) as u8]);
            } else {
                rt::raw(&mut rt_seed, *level, *ty, data);
            }
        }
        self.write("round_trip", &name, &rt_seed);

        // descriptors: the same layout, cut where the kernel's bytes end.
        let mut ds = Vec::new();
        let ctrunc = u8::from(flags & libc::MSG_CTRUNC != 0);
        d::header(
            &mut ds,
            ctrunc,
            Some(bytes.len() as u16),
            messages.len() as u8,
        );
        for (level, ty, data) in &messages {
            let kind = d::message_kind(*level, *ty);
            d::spec(
                &mut ds,
                kind,
                (data.len() / 4) as u8,
                (data.len() % 4) as u8,
                d::LEN_EXACT,
                0,
            );
        }
        ds.extend_from_slice(&[
            d::MESSAGES,
            0,
            d::TAKE_FDS,
            1,
            d::DISPATCH,
            0,
            1,
            2,
            3,
            1,
            2,
            3,
            1,
            2,
        ]);
        self.write("descriptors", &name, &ds);
    }
}

fn unix_samples(c: &mut Corpus) -> std::io::Result<()> {
    let mut pair = [0; 2];
    // SAFETY: socketpair writes two descriptors into `pair`.
    check(
        unsafe {
            libc::socketpair(
                libc::AF_UNIX,
                libc::SOCK_DGRAM | libc::SOCK_CLOEXEC,
                0,
                pair.as_mut_ptr(),
            )
        },
        "socketpair",
    )?;
    let [a, b] = pair;
    let null = std::fs::File::open("/dev/null")?;
    let n = std::os::fd::AsRawFd::as_raw_fd(&null);

    send(a, &[], None)?;
    c.kernel("unix-nothing", &recv(b, 512, 0)?);
    send(a, &rights(&[n]), None)?;
    c.kernel("unix-rights1", &recv(b, 512, 0)?);

    setopt(b, libc::SOL_SOCKET, libc::SO_PASSCRED, 1)?;
    send(a, &[], None)?;
    c.kernel("unix-creds", &recv(b, 512, 0)?);
    send(a, &rights(&[n]), None)?;
    c.kernel("unix-creds-rights1", &recv(b, 512, 0)?);
    send(a, &rights(&[n, n, n]), None)?;
    c.kernel("unix-creds-rights3", &recv(b, 512, 0)?);
    // Truncated: room for the credentials and some of four descriptors.
    for size in [16, 24, 32, 40, 44, 48, 52] {
        send(a, &rights(&[n, n, n, n]), None)?;
        c.kernel(
            &format!("unix-creds-rights4-trunc{size}"),
            &recv(b, size, 0)?,
        );
    }
    setopt(b, libc::SOL_SOCKET, libc::SO_PASSCRED, 0)?;
    for size in [16, 20, 24, 28] {
        send(a, &rights(&[n, n, n, n]), None)?;
        c.kernel(&format!("unix-rights4-trunc{size}"), &recv(b, size, 0)?);
    }

    // SO_PASSPIDFD (76 on asm-generic; Linux 6.5+): a pidfd message.
    const SO_PASSPIDFD: libc::c_int = 76;
    match setopt(b, libc::SOL_SOCKET, SO_PASSPIDFD, 1) {
        Ok(()) => {
            send(a, &rights(&[n]), None)?;
            c.kernel("unix-pidfd-rights1", &recv(b, 512, 0)?);
            send(a, &[], None)?;
            c.kernel("unix-pidfd-trunc20", &recv(b, 20, 0)?);
        }
        Err(e) => eprintln!("skipped SO_PASSPIDFD: {e}"),
    }
    // SAFETY: ours.
    unsafe {
        libc::close(a);
        libc::close(b);
    }
    Ok(())
}

fn udp_socket(
    family: libc::c_int,
) -> std::io::Result<(Fd, libc::sockaddr_storage, libc::socklen_t)> {
    // SAFETY: plain socket/bind/getsockname calls on buffers we own.
    unsafe {
        let fd = check(
            libc::socket(family, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0),
            "socket",
        )?;
        let mut addr: libc::sockaddr_storage = zeroed();
        let len = if family == libc::AF_INET {
            let a = &mut *(&mut addr as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>();
            a.sin_family = libc::AF_INET as _;
            a.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
            size_of::<libc::sockaddr_in>()
        } else {
            let a = &mut *(&mut addr as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>();
            a.sin6_family = libc::AF_INET6 as _;
            a.sin6_addr.s6_addr[15] = 1;
            size_of::<libc::sockaddr_in6>()
        } as libc::socklen_t;
        check(
            libc::bind(fd, (&addr as *const libc::sockaddr_storage).cast(), len),
            "bind",
        )?;
        let mut len2 = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        check(
            libc::getsockname(
                fd,
                (&mut addr as *mut libc::sockaddr_storage).cast(),
                &mut len2,
            ),
            "getsockname",
        )?;
        Ok((fd, addr, len2))
    }
}

fn udp4_samples(c: &mut Corpus) -> std::io::Result<()> {
    let (rx, addr, len) = udp_socket(libc::AF_INET)?;
    let (tx, _, _) = udp_socket(libc::AF_INET)?;
    let to = Some((&addr, len));
    let ip = libc::IPPROTO_IP;
    let sol = libc::SOL_SOCKET;
    let one = |level, name| setopt(rx, level, name, 1);
    let off = |level, name| setopt(rx, level, name, 0);

    one(ip, libc::IP_PKTINFO)?;
    send(tx, &[], to)?;
    c.kernel("udp4-pktinfo", &recv(rx, 512, 0)?);
    one(ip, libc::IP_RECVTTL)?;
    one(ip, libc::IP_RECVTOS)?;
    send(tx, &[], to)?;
    c.kernel("udp4-pktinfo-ttl-tos", &recv(rx, 512, 0)?);
    one(ip, libc::IP_RECVORIGDSTADDR)?;
    one(sol, libc::SO_RXQ_OVFL)?;
    one(sol, libc::SO_TIMESTAMP)?;
    send(tx, &[], to)?;
    c.kernel("udp4-all-timestamp", &recv(rx, 512, 0)?);
    for size in [16, 24, 32, 40, 48, 64, 72, 100] {
        send(tx, &[], to)?;
        c.kernel(
            &format!("udp4-all-timestamp-trunc{size}"),
            &recv(rx, size, 0)?,
        );
    }
    off(sol, libc::SO_TIMESTAMP)?;
    one(sol, libc::SO_TIMESTAMPNS)?;
    send(tx, &[], to)?;
    c.kernel("udp4-all-timestampns", &recv(rx, 512, 0)?);
    off(sol, libc::SO_TIMESTAMPNS)?;
    for (name, opt, value) in [
        (
            "timestamping",
            libc::SO_TIMESTAMPING,
            (libc::SOF_TIMESTAMPING_RX_SOFTWARE | libc::SOF_TIMESTAMPING_SOFTWARE) as i32,
        ),
        ("timestamp-new", 63, 1),
        ("timestampns-new", 64, 1),
        (
            "timestamping-new",
            65,
            (libc::SOF_TIMESTAMPING_RX_SOFTWARE | libc::SOF_TIMESTAMPING_SOFTWARE) as i32,
        ),
    ] {
        match setopt(rx, sol, opt, value) {
            Ok(()) => {
                send(tx, &[], to)?;
                c.kernel(&format!("udp4-ttl-{name}"), &recv(rx, 512, 0)?);
                setopt(rx, sol, opt, 0)?;
            }
            Err(e) => eprintln!("skipped {name}: {e}"),
        }
    }
    // IP_TOS set on the sender: the TOS byte differs.
    setopt(tx, ip, libc::IP_TOS, 0x10)?;
    send(tx, &[], to)?;
    c.kernel("udp4-tos16", &recv(rx, 512, 0)?);

    // An ICMP port unreachable on the error queue (IP_RECVERR).
    // SAFETY: ours.
    unsafe { libc::close(rx) };
    setopt(tx, ip, libc::IP_RECVERR, 1)?;
    send(tx, &[], to)?;
    std::thread::sleep(std::time::Duration::from_millis(50));
    match recv(tx, 512, libc::MSG_ERRQUEUE | libc::MSG_DONTWAIT) {
        Ok(sample) => {
            c.kernel("udp4-recverr", &sample);
            send(tx, &[], to)?;
            std::thread::sleep(std::time::Duration::from_millis(50));
            if let Ok(sample) = recv(tx, 40, libc::MSG_ERRQUEUE | libc::MSG_DONTWAIT) {
                c.kernel("udp4-recverr-trunc40", &sample);
            }
        }
        Err(e) => eprintln!("skipped IP_RECVERR: {e}"),
    }
    // SAFETY: ours.
    unsafe { libc::close(tx) };
    Ok(())
}

fn udp6_samples(c: &mut Corpus) -> std::io::Result<()> {
    let (rx, addr, len) = udp_socket(libc::AF_INET6)?;
    let (tx, _, _) = udp_socket(libc::AF_INET6)?;
    let to = Some((&addr, len));
    let ip6 = libc::IPPROTO_IPV6;
    setopt(rx, ip6, libc::IPV6_RECVPKTINFO, 1)?;
    send(tx, &[], to)?;
    c.kernel("udp6-pktinfo", &recv(rx, 512, 0)?);
    setopt(rx, ip6, libc::IPV6_RECVHOPLIMIT, 1)?;
    setopt(rx, ip6, libc::IPV6_RECVTCLASS, 1)?;
    send(tx, &[], to)?;
    c.kernel("udp6-pktinfo-hoplimit-tclass", &recv(rx, 512, 0)?);
    send(tx, &[], to)?;
    c.kernel("udp6-pktinfo-hoplimit-tclass-trunc56", &recv(rx, 56, 0)?);
    // SAFETY: ours.
    unsafe {
        libc::close(rx);
        libc::close(tx);
    }
    Ok(())
}

/// Hand-written seeds: edge layouts the kernel does not produce.
fn handmade(c: &mut Corpus) {
    let header = |len: u64, level: i32, ty: i32| {
        let mut h = len.to_ne_bytes().to_vec();
        h.extend_from_slice(&level.to_ne_bytes());
        h.extend_from_slice(&ty.to_ne_bytes());
        h
    };
    c.write("decode", "empty", &[]);
    c.write("decode", "short-header", &[24, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    c.write("decode", "len-too-small", &header(8, 1, 1));
    let mut beyond = header(64, 1, 1);
    beyond.extend_from_slice(&[0; 8]);
    c.write("decode", "len-beyond-end", &beyond);
    let mut two = header(20, 0, 2);
    two.extend_from_slice(&[64, 0, 0, 0, 0, 0, 0, 0]);
    two.extend_from_slice(&header(17, 0, 1));
    two.push(0x10);
    c.write("decode", "ttl-then-tos-unpadded", &two);
    let mut sec = header(16 + 9, 1, 3);
    sec.extend_from_slice(b"unconfined\0");
    c.write("decode", "security-label", &sec[..25]);

    // round_trip: abi, shift, size, ops.
    let mut s = vec![0, 3, 64, 0];
    rt::raw(&mut s, libc::SOL_SOCKET, libc::SCM_RIGHTS, &[1, 0, 0, 0]);
    rt::raw(&mut s, 276, 1, &[0; 8]);
    s.extend_from_slice(&[rt::OP_RAW_PICKED, 0, 4, 4, 9, 9, 9, 9]);
    s.extend_from_slice(&[rt::OP_TTL, 64, 0, 0, 0]);
    c.write("round_trip", "refused-then-ttl", &s);
    let mut s = vec![2, 0, 40, 0, rt::OP_TXTIME_WITH, 1, 2, 3, 4, 5, 6, 7, 8];
    s.extend_from_slice(&[
        rt::OP_TTL,
        1,
        0,
        0,
        0,
        rt::OP_TXTIME_WITH,
        9,
        9,
        9,
        9,
        9,
        9,
        9,
        9,
    ]);
    c.write("round_trip", "linux32-txtime-misaligned", &s);
    let s = [
        4,
        5,
        0,
        1,
        rt::OP_IV_WITH,
        0,
        16,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        rt::OP_IV_WITH,
        2,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
    ];
    c.write("round_trip", "bsd16-iv-and-overflow", &s);
    let s = [
        0,
        1,
        24,
        0,
        rt::OP_UDP_SEGMENT,
        0xdc,
        0x05,
        rt::OP_UCRED,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
    ];
    c.write("round_trip", "segment-then-ucred-too-small", &s);

    // descriptors: flags, cut, negative, count, specs, ops.
    let mut s = Vec::new();
    d::header(&mut s, 0, None, 3);
    d::spec(&mut s, d::KIND_RIGHTS, 3, 0, d::LEN_EXACT, 0);
    d::spec(&mut s, d::KIND_PIDFD, 1, 0, d::LEN_EXACT, 0);
    d::spec(&mut s, d::KIND_RIGHTS, 2, 0, d::LEN_PLUS, 64);
    s.extend_from_slice(&[d::TAKE_PIDFD, 1, d::TAKE_FDS, 2, d::MESSAGES, 0]);
    c.write("descriptors", "rights-pidfd-rights-past-end", &s);
    let mut s = Vec::new();
    d::header(&mut s, 1, Some(40), 2);
    d::spec(&mut s, d::KIND_CREDENTIALS, 3, 0, d::LEN_EXACT, 0);
    d::spec(&mut s, d::KIND_RIGHTS, 4, 0, d::LEN_EXACT, 0);
    s.extend_from_slice(&[d::DISPATCH, 0, 0, 2, 0, 0, 0, 0, 0, 0, d::TAKE_FDS, 0xff]);
    c.write("descriptors", "creds-rights-cut-ctrunc", &s);
    let mut s = Vec::new();
    d::header(&mut s, 0, None, 3);
    d::spec(&mut s, d::KIND_TTL, 1, 0, d::LEN_EXACT, 0);
    d::spec(&mut s, d::KIND_RIGHTS, 2, 2, d::LEN_MINUS, 3);
    d::spec(&mut s, d::KIND_RIGHTS_OTHER_LEVEL, 2, 0, d::LEN_RAW, 8);
    s.extend_from_slice(&[d::DISPATCH, 0, 0, 3, 3, 3, 0, 0, 0, 0]);
    c.write("descriptors", "ttl-odd-rights-bad-len", &s);
    let mut s = Vec::new();
    d::header(&mut s, 0, None, 2);
    d::spec(&mut s, d::KIND_PIDFD, 2, 0, d::LEN_EXACT, 0);
    d::spec(&mut s, d::KIND_RIGHTS, 1, 0, d::LEN_RAW, 0xffff);
    s.extend_from_slice(&[d::DISPATCH, 0, 1, 1, 0, 0, 0, 0, 0, 0, d::TAKE_FDS, 1]);
    c.write("descriptors", "two-pidfds-rights-huge-len", &s);
}

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut c = Corpus { root, count: 0 };
    unix_samples(&mut c)?;
    udp4_samples(&mut c)?;
    if let Err(e) = udp6_samples(&mut c) {
        eprintln!("skipped IPv6: {e}");
    }
    handmade(&mut c);
    println!("wrote {} seeds under {}", c.count, c.root.display());
    Ok(())
}
