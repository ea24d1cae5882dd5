//! Timestamps: the six receive-stamp messages (old and y2038 `_NEW`
//! layouts) on `AF_UNIX`, UDP and TCP; transmit stamps from the error queue
//! with the `sock_extended_err` beside them; and `SCM_TS_OPT_ID`.

use crate::live::net::{pair, recv, send_plain, send_with, wait_for_error, Pair, Sock, Window};
use crate::live::outcome::{ensure, Check, Context, Fail};
use crate::live::Ctx;
use cmsg::platforms::linux::{
    enable_timestamping, enable_timestamping_new, timestamping, IpRecvErr, Ipv6RecvErr, KernelTime,
    ScmTimestamp, ScmTimestampNew, ScmTimestampNs, ScmTimestampNsNew, ScmTimestamping,
    ScmTimestamping64, ScmTsOptId, SockExtendedErr, SCM_TSTAMP_SND, SO_EE_ORIGIN_TIMESTAMPING,
};
use cmsg::{enable, ControlBuffer, MsgFlags, Received, RecvFlags};
use std::ffi::{c_int, c_uint};
use std::os::fd::OwnedFd;
use std::time::{Duration, Instant, SystemTime};

/// The bytes every stamped send carries.
const PAYLOAD: &[u8] = b"stamp me";

/// Software receive stamps: report them, and take them on receive.
const RX_SW: c_uint = timestamping::RX_SOFTWARE | timestamping::SOFTWARE;

/// Software transmit stamps, numbered, without the packet copied back.
const TX_SW: c_uint = timestamping::TX_SOFTWARE
    | timestamping::SOFTWARE
    | timestamping::OPT_ID
    | timestamping::OPT_TSONLY;

const MICRO: Duration = Duration::from_micros(1);
const NANO: Duration = Duration::from_nanos(1);

/// Keeps the kernel taking receive stamps for the rest of the run.
///
/// Linux stamps incoming packets only while the system-wide
/// `netstamp_needed_key` is on, and the first socket that enables a stamp
/// turns it on from a workqueue, later: packets received meanwhile carry
/// none (UDP's `SO_TIMESTAMP*` fall back to the time of the `recvmsg`
/// call). A UDP socket with `SO_TIMESTAMPING` held open keeps the key on;
/// it is ready once a probe came back stamped (`SO_TIMESTAMPING` has no
/// fallback).
fn netstamp_on(ctx: &mut Ctx) -> Result<(), Fail> {
    if ctx.netstamp.is_some() {
        return Ok(());
    }
    let Pair { tx, rx } = pair(Sock::Udp4)?;
    enable_timestamping(&rx, RX_SW).ctx("SO_TIMESTAMPING")?;
    let deadline = Instant::now() + crate::live::net::TIMEOUT;
    loop {
        send_plain(&tx, b"probe")?;
        let mut data = [0u8; 8];
        let mut control = ControlBuffer::<128>::new();
        let msg = recv(&rx, &mut data, &mut control, RecvFlags::empty()).ctx("recvmsg")?;
        let stamped = msg
            .control
            .read::<ScmTimestamping>()
            .ctx("SCM_TIMESTAMPING")?
            .and_then(|s| s.software())
            .is_some();
        drop(msg);
        if stamped {
            ctx.netstamp = Some(rx);
            return Ok(());
        }
        ensure!(
            Instant::now() < deadline,
            "the kernel took no receive stamp within {:?}",
            crate::live::net::TIMEOUT
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// One of the six receive-stamp messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Timestamp,
    TimestampNs,
    TimestampNew,
    TimestampNsNew,
    Timestamping,
    Timestamping64,
}

impl Kind {
    /// Turns it on for `socket`. `SO_TIMESTAMPING` reaches `AF_UNIX`
    /// datagram and seqpacket receivers only beside `SO_TIMESTAMP` (whose
    /// `SOCK_RCVTSTAMP` `unix_dgram_recvmsg` looks at): enabled first, in
    /// the same layout, since the last option set picks the layout.
    fn enable(self, socket: &OwnedFd, unix: bool) -> Result<(), Fail> {
        let result = match self {
            Kind::Timestamp => enable::<ScmTimestamp>(socket),
            Kind::TimestampNs => enable::<ScmTimestampNs>(socket),
            Kind::TimestampNew => enable::<ScmTimestampNew>(socket),
            Kind::TimestampNsNew => enable::<ScmTimestampNsNew>(socket),
            Kind::Timestamping => {
                if unix {
                    enable::<ScmTimestamp>(socket).ctx("SO_TIMESTAMP")?;
                }
                enable_timestamping(socket, RX_SW)
            }
            Kind::Timestamping64 => {
                if unix {
                    enable::<ScmTimestampNew>(socket).ctx("SO_TIMESTAMP_NEW")?;
                }
                enable_timestamping_new(socket, RX_SW)
            }
        };
        // The `_NEW` options arrived in Linux 5.1: older kernels do not
        // know them (ENOPROTOOPT).
        result.map_err(|e| {
            crate::live::outcome::unavailable_if(
                e,
                &[libc::ENOPROTOOPT],
                "y2038 stamps",
                &format!("enabling {self:?}"),
                "kernel before 5.1",
            )
        })
    }

    /// The stamp of this kind in `control` and its resolution; for
    /// `SO_TIMESTAMPING`, the software slot, with no hardware stamp (loopback
    /// has no hardware clock).
    fn stamp(self, control: &Received<'_>) -> Result<(Duration, Duration), Fail> {
        let what = format!("{self:?}");
        let time = |t: Option<Duration>| t.ctx(&format!("{what}: a time in range"));
        Ok(match self {
            Kind::Timestamp => {
                let m = control.read::<ScmTimestamp>().ctx(&what)?.ctx(&what)?;
                (time(m.0.to_duration())?, MICRO)
            }
            Kind::TimestampNew => {
                let m = control.read::<ScmTimestampNew>().ctx(&what)?.ctx(&what)?;
                (time(m.0.to_duration())?, MICRO)
            }
            Kind::TimestampNs => {
                let m = control.read::<ScmTimestampNs>().ctx(&what)?.ctx(&what)?;
                (time(m.0.to_duration())?, NANO)
            }
            Kind::TimestampNsNew => {
                let m = control.read::<ScmTimestampNsNew>().ctx(&what)?.ctx(&what)?;
                (time(m.0.to_duration())?, NANO)
            }
            Kind::Timestamping => {
                let m = control.read::<ScmTimestamping>().ctx(&what)?.ctx(&what)?;
                ensure!(
                    m.hardware().is_none(),
                    "{what}: a hardware stamp on loopback"
                );
                (m.software().ctx("software slot")?, NANO)
            }
            Kind::Timestamping64 => {
                let m = control.read::<ScmTimestamping64>().ctx(&what)?.ctx(&what)?;
                ensure!(
                    m.hardware().is_none(),
                    "{what}: a hardware stamp on loopback"
                );
                (m.software().ctx("software slot")?, NANO)
            }
        })
    }
}

/// Enables `kind` on a fresh pair of `sock`, sends, and checks the stamp
/// lies between the clock read before the send and after the receive.
fn receive(ctx: &mut Ctx, sock: Sock, kind: Kind) -> Check {
    let unix = matches!(sock, Sock::UnixDgram | Sock::UnixSeqpacket);
    if !unix {
        netstamp_on(ctx)?;
    }
    let Pair { tx, rx } = pair(sock)?;
    kind.enable(&rx, unix)?;
    let before = Window::open();
    send_plain(&tx, PAYLOAD)?;
    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<256>::new();
    let msg = recv(&rx, &mut data, &mut control, RecvFlags::empty()).ctx("recvmsg")?;
    let window = Window::close(before);
    ensure!(
        &data[..msg.bytes] == PAYLOAD,
        "payload {:?}",
        &data[..msg.bytes]
    );
    ensure!(!msg.flags.control_truncated(), "control truncated");
    let (stamp, resolution) = kind.stamp(&msg.control)?;
    let detail = window.check(&format!("{kind:?}"), stamp, resolution)?;
    let beside = match (unix, kind) {
        (true, Kind::Timestamping) => " (beside SO_TIMESTAMP)",
        (true, Kind::Timestamping64) => " (beside SO_TIMESTAMP_NEW)",
        _ => "",
    };
    Ok(format!("{detail}{beside}"))
}

pub fn timestamp(ctx: &mut Ctx, sock: Sock) -> Check {
    receive(ctx, sock, Kind::Timestamp)
}

pub fn timestamp_new(ctx: &mut Ctx, sock: Sock) -> Check {
    receive(ctx, sock, Kind::TimestampNew)
}

pub fn timestamp_ns(ctx: &mut Ctx, sock: Sock) -> Check {
    receive(ctx, sock, Kind::TimestampNs)
}

pub fn timestamp_ns_new(ctx: &mut Ctx, sock: Sock) -> Check {
    receive(ctx, sock, Kind::TimestampNsNew)
}

/// `SCM_TIMESTAMPING`: received stamps, or transmit stamps on the `*Tx`
/// socket types.
pub fn timestamping(ctx: &mut Ctx, sock: Sock) -> Check {
    if is_tx(sock) {
        transmit_stamp(sock, false)
    } else {
        receive(ctx, sock, Kind::Timestamping)
    }
}

/// `SCM_TIMESTAMPING_NEW`, likewise.
pub fn timestamping64(ctx: &mut Ctx, sock: Sock) -> Check {
    if is_tx(sock) {
        transmit_stamp(sock, true)
    } else {
        receive(ctx, sock, Kind::Timestamping64)
    }
}

fn is_tx(sock: Sock) -> bool {
    matches!(
        sock,
        Sock::Udp4Tx | Sock::Udp6Tx | Sock::Tcp4Tx | Sock::Tcp6Tx
    )
}

/// What one read of the error queue after a stamped send held.
struct TxRead {
    /// The software transmit stamp.
    stamp: Duration,
    window: Window,
    /// The `sock_extended_err` beside it.
    err: SockExtendedErr,
    /// Its offender's family (`AF_UNSPEC` for stamps).
    offender_family: c_int,
}

/// Sends [`PAYLOAD`] on a fresh `sock` pair whose sender has software
/// transmit stamps on (`new`: `SO_TIMESTAMPING_NEW`), and reads the stamp
/// back from the error queue. The receiver reads the payload first.
fn transmit(sock: Sock, new: bool) -> Result<TxRead, Fail> {
    let Pair { tx, rx } = pair(sock)?;
    if new {
        enable_timestamping_new(&tx, TX_SW).ctx("SO_TIMESTAMPING_NEW")?;
    } else {
        enable_timestamping(&tx, TX_SW).ctx("SO_TIMESTAMPING")?;
    }
    let before = send_stamped(&tx, &rx, None)?;
    read_transmit_stamp(sock, &tx, new, before)
}

/// One stamped send (with `SCM_TS_OPT_ID` = `id` if given), received;
/// returns the clock read just before it.
fn send_stamped(tx: &OwnedFd, rx: &OwnedFd, id: Option<u32>) -> Result<SystemTime, Fail> {
    let before = Window::open();
    match id {
        Some(id) => {
            let sent = send_with(tx, PAYLOAD, &ScmTsOptId(id)).map_err(|e| {
                // Kernels before 6.13 refuse the unknown SOL_SOCKET type
                // with EINVAL; a newer one doing so means our bytes are
                // wrong.
                if crate::live::outcome::errno(&e) == libc::EINVAL && kernel_release() < (6, 13) {
                    Fail::Unavailable {
                        feature: "SCM_TS_OPT_ID",
                        reason: "EINVAL: kernel before 6.13".to_owned(),
                        note: format!("sendmsg with SCM_TS_OPT_ID: {e}"),
                    }
                } else {
                    Fail::Failed(format!(
                        "sendmsg with SCM_TS_OPT_ID: {}",
                        crate::live::outcome::describe(&e)
                    ))
                }
            })?;
            ensure!(sent == PAYLOAD.len(), "sent {sent} bytes");
        }
        None => send_plain(tx, PAYLOAD)?,
    }
    let mut data = [0u8; 64];
    let msg = recv(rx, &mut data, &mut [], RecvFlags::empty()).ctx("recvmsg")?;
    ensure!(
        &data[..msg.bytes] == PAYLOAD,
        "payload {:?}",
        &data[..msg.bytes]
    );
    Ok(before)
}

/// Reads one transmit stamp from `tx`'s error queue, for a send that
/// began at `before`.
fn read_transmit_stamp(
    sock: Sock,
    tx: &OwnedFd,
    new: bool,
    before: SystemTime,
) -> Result<TxRead, Fail> {
    wait_for_error(tx)?;
    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<256>::new();
    let msg = recv(
        tx,
        &mut data,
        &mut control,
        RecvFlags::ERRQUEUE | RecvFlags::DONTWAIT,
    )
    .ctx("recvmsg(MSG_ERRQUEUE)")?;
    let window = Window::close(before);
    ensure!(
        msg.flags.contains(MsgFlags::ERRQUEUE),
        "no MSG_ERRQUEUE in {:?}",
        msg.flags
    );
    ensure!(!msg.flags.control_truncated(), "control truncated");
    // OPT_TSONLY: the stamp comes without the packet.
    ensure!(
        msg.bytes == 0,
        "{} bytes of packet with OPT_TSONLY",
        msg.bytes
    );
    let stamp = if new {
        ensure!(
            msg.control
                .get::<ScmTimestamping>()
                .ctx("old layout")?
                .is_none(),
            "an old-layout stamp on a SO_TIMESTAMPING_NEW socket"
        );
        let m = msg
            .control
            .read::<ScmTimestamping64>()
            .ctx("SCM_TIMESTAMPING_NEW")?
            .ctx("SCM_TIMESTAMPING_NEW")?;
        ensure!(m.hardware().is_none(), "a hardware stamp on loopback");
        m.software().ctx("software transmit stamp")?
    } else {
        ensure!(
            msg.control
                .get::<ScmTimestamping64>()
                .ctx("new layout")?
                .is_none(),
            "a new-layout stamp on a SO_TIMESTAMPING socket"
        );
        let m = msg
            .control
            .read::<ScmTimestamping>()
            .ctx("SCM_TIMESTAMPING")?
            .ctx("SCM_TIMESTAMPING")?;
        ensure!(m.hardware().is_none(), "a hardware stamp on loopback");
        m.software().ctx("software transmit stamp")?
    };
    let (err, offender_family) = if sock.v6() {
        let e = msg
            .control
            .read::<Ipv6RecvErr>()
            .ctx("IPV6_RECVERR")?
            .ctx("IPV6_RECVERR")?;
        (e.err, c_int::from(e.offender.family))
    } else {
        let e = msg
            .control
            .read::<IpRecvErr>()
            .ctx("IP_RECVERR")?
            .ctx("IP_RECVERR")?;
        (e.err, c_int::from(e.offender.family))
    };
    drop(msg);
    Ok(TxRead {
        stamp,
        window,
        err,
        offender_family,
    })
}

/// The id the kernel reports for the first send: the datagram counter (0)
/// on UDP, the last byte's offset on TCP.
fn first_id(sock: Sock) -> u32 {
    match sock {
        Sock::Tcp4Tx | Sock::Tcp6Tx => PAYLOAD.len() as u32 - 1,
        _ => 0,
    }
}

/// Checks the `sock_extended_err` of a transmit stamp.
fn check_stamp_error(read: &TxRead) -> Result<(), Fail> {
    let err = &read.err;
    ensure!(
        err.ee_origin == SO_EE_ORIGIN_TIMESTAMPING,
        "ee_origin {}",
        err.ee_origin
    );
    ensure!(
        err.ee_errno == libc::ENOMSG as u32,
        "ee_errno {}",
        err.ee_errno
    );
    ensure!(err.ee_info == SCM_TSTAMP_SND, "ee_info {}", err.ee_info);
    ensure!(
        read.offender_family == libc::AF_UNSPEC,
        "offender family {}",
        read.offender_family
    );
    Ok(())
}

fn transmit_stamp(sock: Sock, new: bool) -> Check {
    let read = transmit(sock, new)?;
    check_stamp_error(&read)?;
    ensure!(
        read.err.ee_data == first_id(sock),
        "ee_data {}, expected {}",
        read.err.ee_data,
        first_id(sock)
    );
    let detail = read.window.check("transmit stamp", read.stamp, NANO)?;
    Ok(format!("TX {detail}; id {}", read.err.ee_data))
}

/// `IP_RECVERR` / `IPV6_RECVERR` as the error queue reports a transmit
/// stamp.
pub fn stamp_error(sock: Sock) -> Check {
    let read = transmit(sock, false)?;
    check_stamp_error(&read)?;
    ensure!(
        read.err.ee_data == first_id(sock),
        "ee_data {}, expected {}",
        read.err.ee_data,
        first_id(sock)
    );
    read.window.check("transmit stamp", read.stamp, NANO)?;
    Ok(format!(
        "ENOMSG, origin TIMESTAMPING, SCM_TSTAMP_SND, id {}, offender AF_UNSPEC",
        read.err.ee_data
    ))
}

/// `SCM_TS_OPT_ID` (send, Linux 6.13+): the id named on one datagram comes
/// back in `ee_data`, and the socket's own counter is left alone.
pub fn ts_opt_id(_: &mut Ctx, sock: Sock) -> Check {
    const ID: u32 = 1234;
    let Pair { tx, rx } = pair(sock)?;
    enable_timestamping(&tx, TX_SW).ctx("SO_TIMESTAMPING")?;
    let before = send_stamped(&tx, &rx, Some(ID))?;
    let named = read_transmit_stamp(sock, &tx, false, before)?;
    check_stamp_error(&named)?;
    ensure!(
        named.err.ee_data == ID,
        "ee_data {}, sent {ID}",
        named.err.ee_data
    );
    named.window.check("transmit stamp", named.stamp, NANO)?;
    let before = send_stamped(&tx, &rx, None)?;
    let counted = read_transmit_stamp(sock, &tx, false, before)?;
    ensure!(
        counted.err.ee_data == 0,
        "the next datagram's id {}, expected the untouched counter 0",
        counted.err.ee_data
    );
    Ok(format!(
        "ee_data={} as sent; the next datagram's counter still 0",
        named.err.ee_data
    ))
}

/// The kernel's release, `(major, minor)`.
pub fn kernel_release() -> (u32, u32) {
    let release = crate::live::uname().0;
    let mut parts = release
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}
