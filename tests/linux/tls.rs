//! `tls.rs`: kernel TLS record types, sent (`TLS_SET_RECORD_TYPE`) and
//! received (`TLS_GET_RECORD_TYPE`) over a loopback TCP pair.

use crate::alg::AES_KEY;
use crate::support::{available, errno, recv, send_bytes, send_one, setsockopt, TIMEOUT, V4};
use cmsg::platforms::linux::{TlsGetRecordType, TlsSetRecordType, SOL_TLS};
use cmsg::{space, ControlBuffer, RecvFlags};
use std::net::{TcpListener, TcpStream};

const TLS_ALERT: u8 = 21;
const TLS_HANDSHAKE: u8 = 22;
const TLS_APPLICATION_DATA: u8 = 23;

/// A connected TCP pair on 127.0.0.1 with the TLS ULP and the same
/// AES-GCM-128 keys for TX on the first and RX on the second; `None` after
/// printing why when the kernel has no kTLS.
fn ktls_pair() -> Option<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind((V4.loopback(), 0)).unwrap();
    let tx = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (rx, _) = listener.accept().unwrap();
    rx.set_read_timeout(Some(TIMEOUT)).unwrap();
    for socket in [&tx, &rx] {
        let ulp = setsockopt(socket, libc::IPPROTO_TCP, libc::TCP_ULP, b"tls".as_slice());
        let missing = [libc::ENOENT, libc::ENOPROTOOPT];
        available("kTLS (TCP_ULP \"tls\")", ulp, &missing)?;
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
    setsockopt(&tx, SOL_TLS, libc::TLS_TX, &crypto).unwrap();
    setsockopt(&rx, SOL_TLS, libc::TLS_RX, &crypto).unwrap();
    Some((tx, rx))
}

/// One record: its bytes and the reported content type.
fn receive_record(rx: &TcpStream) -> (Vec<u8>, Option<u8>) {
    let mut data = [0u8; 64];
    let mut control = ControlBuffer::<{ space::<TlsGetRecordType>() }>::new();
    let msg = recv(rx, &mut data, &mut control, RecvFlags::empty()).unwrap();
    assert!(!msg.flags.control_truncated());
    let ty = msg.control.get::<TlsGetRecordType>().unwrap().map(|t| t.0);
    let n = msg.bytes;
    drop(msg);
    (data[..n].to_vec(), ty)
}

#[test]
fn ktls_record_types_round_trip() {
    let Some((tx, rx)) = ktls_pair() else { return };

    assert_eq!(
        send_one(&tx, b"hello", &TlsSetRecordType(TLS_HANDSHAKE)).unwrap(),
        5
    );
    assert_eq!(
        receive_record(&rx),
        (b"hello".to_vec(), Some(TLS_HANDSHAKE))
    );

    // Application data: tls_record_content_type() reports it too (the
    // cmsg is only *required*, failing with EIO, for other types).
    send_bytes(&tx, b"world");
    assert_eq!(
        receive_record(&rx),
        (b"world".to_vec(), Some(TLS_APPLICATION_DATA))
    );

    // One read never spans records of different types.
    send_one(&tx, b"abc", &TlsSetRecordType(TLS_HANDSHAKE)).unwrap();
    send_bytes(&tx, b"defgh");
    assert_eq!(receive_record(&rx), (b"abc".to_vec(), Some(TLS_HANDSHAKE)));
    assert_eq!(
        receive_record(&rx),
        (b"defgh".to_vec(), Some(TLS_APPLICATION_DATA))
    );
}

/// A non-data record cannot be read without room for its type: EIO, and
/// the record stays queued for a read that has room.
#[test]
fn ktls_non_data_record_needs_a_control_buffer() {
    let Some((tx, rx)) = ktls_pair() else { return };
    send_one(&tx, b"alert", &TlsSetRecordType(TLS_ALERT)).unwrap();
    let mut data = [0u8; 64];
    let err = recv(&rx, &mut data, &mut [], RecvFlags::empty())
        .map(|m| m.bytes)
        .unwrap_err();
    assert_eq!(errno(&err), libc::EIO, "{err}");
    assert_eq!(receive_record(&rx), (b"alert".to_vec(), Some(TLS_ALERT)));
}
