//! `alg.rs`: `AF_ALG` with the operation and IV sent as control messages
//! (`ALG_SET_OP`, `ALG_SET_IV`), checked against NIST's CBC-AES128 vector.

use crate::support::{available, recv, setsockopt};
use cmsg::platforms::linux::{AlgSetIv, AlgSetOp, ALG_OP_ENCRYPT};
use cmsg::{sendmsg, space, space_for, ControlBuffer, Encoder, RecvFlags, SendFlags};
use std::io::{self, IoSlice};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// NIST SP 800-38A, F.2.1 CBC-AES128.Encrypt (the key is kTLS's too).
pub const AES_KEY: [u8; 16] = hex16("2b7e151628aed2a6abf7158809cf4f3c");
const AES_IV: [u8; 16] = hex16("000102030405060708090a0b0c0d0e0f");
const AES_PLAIN: [[u8; 16]; 4] = [
    hex16("6bc1bee22e409f96e93d7e117393172a"),
    hex16("ae2d8a571e03ac9c9eb76fac45af8e51"),
    hex16("30c81c46a35ce411e5fbc1191a0a52ef"),
    hex16("f69f2445df4f9b17ad2b417be66c3710"),
];
const AES_CIPHER: [[u8; 16]; 4] = [
    hex16("7649abac8119b246cee98e9b12e9197d"),
    hex16("5086cb9b507219ee95db113a917678b2"),
    hex16("73bed6b8e3c1743b7116e69e22229516"),
    hex16("3ff1caa1681fac09120eca307586e1a7"),
];

const fn hex16(s: &str) -> [u8; 16] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("hex"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 32);
    let mut out = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

/// `rc` as a new descriptor we own, or the error it reports.
fn owned(rc: libc::c_int) -> io::Result<OwnedFd> {
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the call succeeded: `rc` is a new descriptor we own.
    Ok(unsafe { OwnedFd::from_raw_fd(rc) })
}

fn alg_socket() -> io::Result<OwnedFd> {
    // SAFETY: socket(2) takes no pointers.
    owned(unsafe { libc::socket(libc::AF_ALG, libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC, 0) })
}

fn alg_bind(fd: &OwnedFd, ty: &[u8], name: &[u8]) -> io::Result<()> {
    let mut addr = libc::sockaddr_alg {
        salg_family: libc::AF_ALG as libc::sa_family_t,
        salg_type: [0; 14],
        salg_feat: 0,
        salg_mask: 0,
        salg_name: [0; 64],
    };
    addr.salg_type[..ty.len()].copy_from_slice(ty);
    addr.salg_name[..name.len()].copy_from_slice(name);
    let len = size_of::<libc::sockaddr_alg>() as libc::socklen_t;
    // SAFETY: `addr` is a live sockaddr_alg of `len` bytes, only read.
    let rc = unsafe { libc::bind(fd.as_raw_fd(), std::ptr::from_ref(&addr).cast(), len) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn alg_accept(fd: &OwnedFd) -> io::Result<OwnedFd> {
    let null = std::ptr::null_mut();
    // SAFETY: null address pointers: accept(2) writes no address.
    owned(unsafe { libc::accept4(fd.as_raw_fd(), null, null.cast(), libc::SOCK_CLOEXEC) })
}

#[test]
fn af_alg_encrypts_cbc_aes_with_the_iv_and_op_sent() {
    let Some(tfm) = available("AF_ALG", alg_socket(), &[libc::EAFNOSUPPORT]) else {
        return;
    };
    let bound = alg_bind(&tfm, b"skcipher", b"cbc(aes)");
    if available("AF_ALG skcipher cbc(aes)", bound, &[libc::ENOENT]).is_none() {
        return;
    }
    setsockopt(&tfm, libc::SOL_ALG, libc::ALG_SET_KEY, &AES_KEY).unwrap();
    let op = alg_accept(&tfm).unwrap();

    let mut out = ControlBuffer::<{ space::<AlgSetOp>() + space_for::<AlgSetIv>(16) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&AlgSetOp(ALG_OP_ENCRYPT)).unwrap();
    encoder
        .push_with::<AlgSetIv>(AES_IV.len(), |m| m.set(&AES_IV))
        .unwrap();
    let plain = AES_PLAIN.concat();
    let sent = sendmsg(
        &op,
        &[IoSlice::new(&plain)],
        encoder.finish(),
        SendFlags::empty(),
    )
    .unwrap();
    assert_eq!(sent, 64);

    let mut cipher = [0u8; 64];
    let msg = recv(&op, &mut cipher, &mut [], RecvFlags::empty()).unwrap();
    assert_eq!(msg.bytes, 64);
    drop(msg);
    assert_eq!(
        cipher.as_slice(),
        AES_CIPHER.concat(),
        "NIST SP 800-38A F.2.1"
    );
}
