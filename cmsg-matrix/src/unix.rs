//! `AF_UNIX` messages: descriptors, credentials, pidfds, security labels.

use crate::live::net::{identity, pair, recv, send_plain, send_with, Pair, Sock};
use crate::live::outcome::{ensure, errno, unavailable_if, Check, Context, Fail};
use crate::live::Ctx;
use cmsg::platforms::linux::{ScmPidfd, ScmSecurity, UCred};
use cmsg::{
    enable, sendmsg, space, space_for, ControlBuffer, Encoder, RecvFlags, ScmRights, SendFlags,
};
use std::io::{self, IoSlice};
use std::os::fd::{AsFd, AsRawFd};
use std::os::unix::net::UnixDatagram;

/// The errors a kernel without a `SOL_SOCKET` option gives.
const NO_OPTION: [i32; 2] = [libc::ENOPROTOOPT, libc::EINVAL];

/// `SCM_RIGHTS`: one end of a fresh datagram pair is passed; what arrives
/// is a new descriptor of the same socket, and a datagram written through
/// it reaches the end kept here.
pub fn rights(_: &mut Ctx, sock: Sock) -> Check {
    let Pair { tx, rx } = pair(sock)?;
    let (passed, kept) = UnixDatagram::pair().ctx("socketpair")?;
    let mut out = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push_fds(&[passed.as_fd()]).ctx("push_fds")?;
    let sent = sendmsg(
        &tx,
        &[IoSlice::new(b"fd")],
        encoder.finish(),
        SendFlags::empty(),
    )
    .ctx("sendmsg with SCM_RIGHTS")?;
    ensure!(sent == 2, "sent {sent} bytes");

    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ space_for::<ScmRights>(1) }>::new();
    let mut msg = recv(&rx, &mut data, &mut control, RecvFlags::empty()).ctx("recvmsg")?;
    ensure!(
        &data[..msg.bytes] == b"fd",
        "payload {:?}",
        &data[..msg.bytes]
    );
    ensure!(!msg.flags.control_truncated(), "control truncated");
    let rights: &ScmRights = msg.control.get().ctx("SCM_RIGHTS")?.ctx("SCM_RIGHTS")?;
    ensure!(
        rights.as_raw_fds().len() == 1,
        "{} descriptors",
        rights.as_raw_fds().len()
    );
    let fd = msg.control.take_fds().next().ctx("a descriptor to take")?;
    drop(msg);
    let raw = fd.as_raw_fd();
    ensure!(
        raw != passed.as_raw_fd(),
        "the same descriptor number came back"
    );
    let (dev, ino) = identity(&fd)?;
    ensure!((dev, ino) == identity(&passed)?, "a different file arrived");
    let received = UnixDatagram::from(fd);
    received
        .send(b"through")
        .ctx("send through the received fd")?;
    let mut back = [0u8; 16];
    kept.set_read_timeout(Some(crate::live::net::TIMEOUT))
        .ctx("SO_RCVTIMEO")?;
    let n = kept.recv(&mut back).ctx("recv on the kept end")?;
    ensure!(&back[..n] == b"through", "read {:?}", &back[..n]);
    Ok(format!(
        "1 fd: new fd {raw}, same socket (inode {ino}); a datagram sent through it arrived"
    ))
}

fn receive_credentials(rx: impl AsFd) -> Result<UCred, Fail> {
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ space::<UCred>() }>::new();
    let msg = recv(rx, &mut data, &mut control, RecvFlags::empty()).ctx("recvmsg")?;
    ensure!(!msg.flags.control_truncated(), "control truncated");
    msg.control
        .read::<UCred>()
        .ctx("SCM_CREDENTIALS")?
        .ctx("SCM_CREDENTIALS attached")
}

/// `SCM_CREDENTIALS` with `SO_PASSCRED`: the kernel attaches ours; sent
/// explicitly, ours are delivered as sent.
pub fn credentials(_: &mut Ctx, sock: Sock) -> Check {
    let Pair { tx, rx } = pair(sock)?;
    enable::<UCred>(&rx).ctx("SO_PASSCRED")?;
    let me = UCred::current();
    ensure!(
        u32::try_from(me.pid).ok() == Some(std::process::id()),
        "UCred::current() pid {} is not ours",
        me.pid
    );
    send_plain(&tx, b"who")?;
    let attached = receive_credentials(&rx)?;
    ensure!(
        attached == me,
        "kernel attached {attached:?}, we are {me:?}"
    );
    send_with(&tx, b"me", &me).ctx("sendmsg with SCM_CREDENTIALS")?;
    let sent = receive_credentials(&rx)?;
    ensure!(sent == me, "sent {me:?}, received {sent:?}");
    Ok(format!(
        "pid={} uid={} gid={} (attached by the kernel, and sent)",
        me.pid, me.uid, me.gid
    ))
}

/// The `Pid:` line of `/proc/self/fdinfo/<fd>` (a pidfd's process).
fn fdinfo_pid(fd: i32) -> Result<u32, Fail> {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).ctx("fdinfo")?;
    info.lines()
        .find_map(|l| l.strip_prefix("Pid:"))
        .and_then(|v| v.trim().parse().ok())
        .ctx("Pid: in fdinfo")
}

/// `SCM_PIDFD` with `SO_PASSPIDFD` (Linux 6.5+): a pidfd of this process.
pub fn pidfd(_: &mut Ctx, sock: Sock) -> Check {
    let Pair { tx, rx } = pair(sock)?;
    enable::<ScmPidfd>(&rx).map_err(|e| {
        unavailable_if(
            e,
            &NO_OPTION,
            "SCM_PIDFD",
            "SO_PASSPIDFD",
            "kernel before 6.5",
        )
    })?;
    send_plain(&tx, b"pid")?;
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<{ space::<ScmPidfd>() }>::new();
    let mut msg = recv(&rx, &mut data, &mut control, RecvFlags::empty()).ctx("recvmsg")?;
    ensure!(!msg.flags.control_truncated(), "control truncated");
    ensure!(
        msg.control.get::<ScmPidfd>().ctx("SCM_PIDFD")?.is_some(),
        "no SCM_PIDFD"
    );
    let taken: Vec<_> = msg.control.take_fds_of::<ScmPidfd>().collect();
    drop(msg);
    ensure!(taken.len() == 1, "{} pidfds taken", taken.len());
    let raw = taken[0].as_raw_fd();
    let pid = fdinfo_pid(raw)?;
    ensure!(
        pid == std::process::id(),
        "pidfd names pid {pid}, we are {}",
        std::process::id()
    );
    Ok(format!("pidfd {raw} → Pid {pid} (ours)"))
}

/// Why the kernel has no security context to give (`Ok`), or which LSM
/// it has that should have given one (`Err`): the live tests' check.
fn no_context_lsm() -> Result<String, String> {
    let attr = match std::fs::read("/proc/self/attr/current") {
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
            "/sys/kernel/security/lsm absent (securityfs not mounted); {attr}"
        )),
        Err(e) => Err(format!("/sys/kernel/security/lsm: {e}")),
        Ok(list) if list.trim().is_empty() => Ok(format!("/sys/kernel/security/lsm empty; {attr}")),
        Ok(list) => {
            let contexts = ["selinux", "smack", "apparmor"];
            match list.trim().split(',').find(|lsm| contexts.contains(lsm)) {
                Some(lsm) => Err(format!("{lsm} is active ({})", list.trim())),
                None => Ok(format!(
                    "no LSM providing contexts: lsm = {}; {attr}",
                    list.trim()
                )),
            }
        }
    }
}

/// `SCM_SECURITY` with `SO_PASSSEC`: the sender's label, where an LSM
/// gives one.
pub fn security(_: &mut Ctx, sock: Sock) -> Check {
    let Pair { tx, rx } = pair(sock)?;
    enable::<ScmSecurity>(&rx).map_err(|e| {
        unavailable_if(e, &NO_OPTION, "SCM_SECURITY", "SO_PASSSEC", "no SO_PASSSEC")
    })?;
    send_plain(&tx, b"sec")?;
    let mut data = [0u8; 8];
    let mut control = ControlBuffer::<512>::new();
    let msg = recv(&rx, &mut data, &mut control, RecvFlags::empty()).ctx("recvmsg")?;
    ensure!(msg.bytes == 3, "{} bytes", msg.bytes);
    ensure!(!msg.flags.control_truncated(), "control truncated");
    let label = msg
        .control
        .get::<ScmSecurity>()
        .ctx("SCM_SECURITY")?
        .map(|s| s.label().to_vec());
    match (label, no_context_lsm()) {
        (Some(label), _) => {
            ensure!(!label.is_empty(), "an empty security context");
            ensure!(!label.contains(&0), "label() left a NUL");
            Ok(format!("label={:?}", String::from_utf8_lossy(&label)))
        }
        (None, Ok(why)) => Err(Fail::Unavailable {
            feature: "SCM_SECURITY",
            reason: "no LSM loaded".to_owned(),
            note: why,
        }),
        (None, Err(lsm)) => Err(Fail::Failed(format!("no SCM_SECURITY although {lsm}"))),
    }
}
