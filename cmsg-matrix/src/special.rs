//! The sockets most kernels build as modules: `AF_ALG` (the crypto API,
//! `SOL_ALG` messages, checked against known-answer vectors) and kTLS
//! (`SOL_TLS` record types over loopback TCP).

use crate::live::net::{owned, recv, send_plain, send_with, setsockopt, tcp_pair, Sock};
use crate::live::outcome::{ensure, unavailable_if, Check, Context, Fail};
use crate::live::Ctx;
use cmsg::platforms::linux::{
    AlgSetAeadAssoclen, AlgSetIv, AlgSetOp, TlsGetRecordType, TlsSetRecordType, ALG_OP_DECRYPT,
    ALG_OP_ENCRYPT, SOL_TLS,
};
use cmsg::{sendmsg, space, space_for, ControlBuffer, Encoder, RecvFlags, SendFlags};
use std::io::{self, IoSlice};
use std::net::TcpStream;
use std::os::fd::{AsRawFd, OwnedFd};

const fn hex<const N: usize>(s: &str) -> [u8; N] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not hex"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 2 * N);
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (nibble(s[2 * i]) << 4) | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

// NIST SP 800-38A, F.2.1 CBC-AES128.Encrypt (the key is kTLS's too).
const AES_KEY: [u8; 16] = hex("2b7e151628aed2a6abf7158809cf4f3c");
const CBC_IV: [u8; 16] = hex("000102030405060708090a0b0c0d0e0f");
const CBC_PLAIN: [u8; 32] = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
const CBC_CIPHER: [u8; 32] =
    hex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2");

// The GCM specification's test case 4 (McGrew and Viega), which has
// associated data; checked here against Python's `cryptography`.
const GCM_KEY: [u8; 16] = hex("feffe9928665731c6d6a8f9467308308");
const GCM_IV: [u8; 12] = hex("cafebabefacedbaddecaf888");
const GCM_AAD: [u8; 20] = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
const GCM_PLAIN: [u8; 60] = hex(concat!(
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72",
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
));
const GCM_CIPHER_TAG: [u8; 76] = hex(concat!(
    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e",
    "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
    "5bc94fbc3221a5db94fae95ae7121a47"
));

/// An `AF_ALG` transform bound to `ty`/`name` with `key`, and one
/// operation socket accepted from it.
fn alg_operation(ty: &[u8], name: &[u8], key: &[u8]) -> Result<OwnedFd, Fail> {
    // SAFETY: socket(2) takes no pointers.
    let rc = unsafe { libc::socket(libc::AF_ALG, libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC, 0) };
    let tfm = owned(rc).map_err(|e| {
        unavailable_if(
            e,
            &[libc::EAFNOSUPPORT],
            "AF_ALG",
            "socket(AF_ALG)",
            "no AF_ALG",
        )
    })?;
    // SAFETY: all-zero is a valid `sockaddr_alg` (integers and arrays).
    let mut addr: libc::sockaddr_alg = unsafe { std::mem::zeroed() };
    addr.salg_family = libc::AF_ALG as libc::sa_family_t;
    addr.salg_type[..ty.len()].copy_from_slice(ty);
    addr.salg_name[..name.len()].copy_from_slice(name);
    let len = size_of::<libc::sockaddr_alg>() as libc::socklen_t;
    // SAFETY: `addr` is a live sockaddr_alg of `len` bytes, only read.
    let rc = unsafe { libc::bind(tfm.as_raw_fd(), std::ptr::from_ref(&addr).cast(), len) };
    if rc != 0 {
        let what = format!("bind AF_ALG {}", String::from_utf8_lossy(name));
        return Err(unavailable_if(
            io::Error::last_os_error(),
            &[libc::ENOENT],
            "AF_ALG",
            &what,
            "cipher not in the kernel",
        ));
    }
    setsockopt(&tfm, libc::SOL_ALG, libc::ALG_SET_KEY, key).ctx("ALG_SET_KEY")?;
    if ty == b"aead" {
        // The tag size is the option's length; there is no value.
        // SAFETY: a null value of the given length is what the kernel
        // expects for ALG_SET_AEAD_AUTHSIZE; it reads no memory.
        let rc = unsafe {
            libc::setsockopt(
                tfm.as_raw_fd(),
                libc::SOL_ALG,
                libc::ALG_SET_AEAD_AUTHSIZE,
                std::ptr::null(),
                16,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error()).ctx("ALG_SET_AEAD_AUTHSIZE");
        }
    }
    let null = std::ptr::null_mut();
    // SAFETY: null address pointers: accept(2) writes no address.
    let rc = unsafe { libc::accept4(tfm.as_raw_fd(), null, null.cast(), libc::SOCK_CLOEXEC) };
    owned(rc).ctx("accept AF_ALG")
}

/// `cbc(aes)` over `input` with the operation and IV sent as messages.
fn cbc(op: u32, input: &[u8; 32]) -> Result<[u8; 32], Fail> {
    let fd = alg_operation(b"skcipher", b"cbc(aes)", &AES_KEY)?;
    let mut out = ControlBuffer::<{ space::<AlgSetOp>() + space_for::<AlgSetIv>(16) }>::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&AlgSetOp(op)).ctx("ALG_SET_OP")?;
    encoder
        .push_with::<AlgSetIv>(CBC_IV.len(), |m| m.set(&CBC_IV))
        .ctx("ALG_SET_IV")?;
    let sent = sendmsg(
        &fd,
        &[IoSlice::new(input)],
        encoder.finish(),
        SendFlags::empty(),
    )
    .ctx("sendmsg to AF_ALG")?;
    ensure!(sent == input.len(), "sent {sent} bytes");
    let mut output = [0u8; 32];
    let msg = recv(&fd, &mut output, &mut [], RecvFlags::empty()).ctx("recvmsg from AF_ALG")?;
    ensure!(msg.bytes == 32, "{} bytes out", msg.bytes);
    drop(msg);
    Ok(output)
}

/// `ALG_SET_OP` and `ALG_SET_IV`: NIST's CBC-AES128 ciphertext comes out
/// of an encryption with the IV sent, and decrypting it gives the
/// plaintext back.
fn cbc_known_answer() -> Result<(), Fail> {
    let cipher = cbc(ALG_OP_ENCRYPT, &CBC_PLAIN)?;
    ensure!(
        cipher == CBC_CIPHER,
        "not NIST SP 800-38A F.2.1's ciphertext"
    );
    let plain = cbc(ALG_OP_DECRYPT, &CBC_CIPHER)?;
    ensure!(
        plain == CBC_PLAIN,
        "decryption did not give the plaintext back"
    );
    Ok(())
}

pub fn alg_set_op(_: &mut Ctx, _: Sock) -> Check {
    cbc_known_answer()?;
    Ok("cbc(aes): ENCRYPT gives NIST F.2.1's ciphertext, DECRYPT the plaintext".to_owned())
}

pub fn alg_set_iv(_: &mut Ctx, _: Sock) -> Check {
    cbc_known_answer()?;
    Ok("cbc(aes) with the 16-byte IV sent: NIST SP 800-38A F.2.1 ciphertext".to_owned())
}

/// `ALG_SET_AEAD_ASSOCLEN`: `gcm(aes)` with 20 bytes of associated data
/// gives the specification's ciphertext and tag (test case 4), after the
/// associated data copied through.
pub fn alg_set_aead_assoclen(_: &mut Ctx, _: Sock) -> Check {
    let fd = alg_operation(b"aead", b"gcm(aes)", &GCM_KEY)?;
    let mut out = ControlBuffer::<
        { space::<AlgSetOp>() + space_for::<AlgSetIv>(12) + space::<AlgSetAeadAssoclen>() },
    >::new();
    let mut encoder = Encoder::new(&mut out);
    encoder.push(&AlgSetOp(ALG_OP_ENCRYPT)).ctx("ALG_SET_OP")?;
    encoder
        .push_with::<AlgSetIv>(GCM_IV.len(), |m| m.set(&GCM_IV))
        .ctx("ALG_SET_IV")?;
    encoder
        .push(&AlgSetAeadAssoclen(GCM_AAD.len() as u32))
        .ctx("ALG_SET_AEAD_ASSOCLEN")?;
    let input = [&GCM_AAD[..], &GCM_PLAIN[..]].concat();
    let sent = sendmsg(
        &fd,
        &[IoSlice::new(&input)],
        encoder.finish(),
        SendFlags::empty(),
    )
    .ctx("sendmsg to AF_ALG")?;
    ensure!(sent == input.len(), "sent {sent} bytes");
    let mut output = [0u8; 96];
    let msg = recv(&fd, &mut output, &mut [], RecvFlags::empty()).ctx("recvmsg from AF_ALG")?;
    let n = msg.bytes;
    drop(msg);
    ensure!(
        n == 96,
        "{n} bytes out, expected AAD + ciphertext + tag = 96"
    );
    ensure!(
        output[..20] == GCM_AAD,
        "the associated data not copied through"
    );
    ensure!(
        output[20..] == GCM_CIPHER_TAG,
        "not the GCM test case 4 ciphertext and tag"
    );
    Ok("gcm(aes), 20 bytes of AAD: GCM test case 4 ciphertext and tag".to_owned())
}

/// A connected TCP pair on 127.0.0.1 with the TLS ULP and the same
/// AES-GCM-128 keys for TX on the first and RX on the second.
fn ktls_pair() -> Result<(TcpStream, TcpStream), Fail> {
    let (tx, rx) = tcp_pair(Sock::Tcp4)?;
    for socket in [&tx, &rx] {
        setsockopt(socket, libc::IPPROTO_TCP, libc::TCP_ULP, b"tls".as_slice()).map_err(|e| {
            unavailable_if(
                e,
                &[libc::ENOENT, libc::ENOPROTOOPT],
                "kTLS",
                "setsockopt(TCP_ULP, \"tls\")",
                "no kTLS",
            )
        })?;
    }
    let crypto = libc::tls12_crypto_info_aes_gcm_128 {
        info: libc::tls_crypto_info {
            version: libc::TLS_1_2_VERSION,
            cipher_type: libc::TLS_CIPHER_AES_GCM_128,
        },
        iv: [1, 2, 3, 4, 5, 6, 7, 8],
        key: AES_KEY,
        salt: [9, 10, 11, 12],
        rec_seq: [0; 8],
    };
    setsockopt(&tx, SOL_TLS, libc::TLS_TX, &crypto).ctx("TLS_TX")?;
    setsockopt(&rx, SOL_TLS, libc::TLS_RX, &crypto).ctx("TLS_RX")?;
    Ok((tx, rx))
}

/// One record: its bytes and its reported content type.
fn receive_record(rx: &TcpStream) -> Result<(Vec<u8>, Option<u8>), Fail> {
    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<{ space::<TlsGetRecordType>() }>::new();
    let msg = recv(rx, &mut data, &mut control, RecvFlags::empty()).ctx("recvmsg")?;
    ensure!(!msg.flags.control_truncated(), "control truncated");
    let ty = msg
        .control
        .read::<TlsGetRecordType>()
        .ctx("TLS_GET_RECORD_TYPE")?
        .map(|t| t.0);
    let n = msg.bytes;
    drop(msg);
    Ok((data[..n].to_vec(), ty))
}

const TLS_HANDSHAKE: u8 = 22;
const TLS_APPLICATION_DATA: u8 = 23;

/// `TLS_SET_RECORD_TYPE` (send): a handshake record sent with it is
/// received as one.
pub fn tls_set(_: &mut Ctx, _: Sock) -> Check {
    let (tx, rx) = ktls_pair()?;
    send_with(&tx, b"hello", &TlsSetRecordType(TLS_HANDSHAKE))
        .ctx("sendmsg with TLS_SET_RECORD_TYPE")?;
    let record = receive_record(&rx)?;
    ensure!(
        record == (b"hello".to_vec(), Some(TLS_HANDSHAKE)),
        "received {record:?}"
    );
    Ok("a record sent as type 22 (handshake) is received as 22".to_owned())
}

/// `TLS_GET_RECORD_TYPE`: application data reports 23, a handshake record
/// 22.
pub fn tls_get(_: &mut Ctx, _: Sock) -> Check {
    let (tx, rx) = ktls_pair()?;
    send_plain(&tx, b"data")?;
    let record = receive_record(&rx)?;
    ensure!(
        record == (b"data".to_vec(), Some(TLS_APPLICATION_DATA)),
        "received {record:?}"
    );
    send_with(&tx, b"hs", &TlsSetRecordType(TLS_HANDSHAKE))
        .ctx("sendmsg with TLS_SET_RECORD_TYPE")?;
    let record = receive_record(&rx)?;
    ensure!(
        record == (b"hs".to_vec(), Some(TLS_HANDSHAKE)),
        "received {record:?}"
    );
    Ok("type 23 for application data, 22 for a handshake record".to_owned())
}
