extern crate cmsg_core as cmsg;
use cmsg::{space, space_for, ControlMessage, Encoder, Messages};

// `packed`: with the natural alignment of 4, a `[u8]` tail would leave
// trailing padding (see fail/dst_trailing_padding.rs).
#[derive(ControlMessage)]
#[cmsg(level = libc::SOL_SOCKET, ty = 0x7b)]
#[repr(C, packed)]
struct Blob {
    header: u32,
    data: [u8],
}

fn main() {
    const _: () = assert!(Blob::BASE_SIZE == 4);
    const _: () = assert!(Blob::ELEMENT_SIZE == 1);
    const _: () = assert!(Blob::ALIGN == 1);

    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    assert_eq!(space::<Blob>(), unsafe { libc::CMSG_SPACE(4) } as usize);
    // SAFETY: as above.
    assert_eq!(space_for::<Blob>(5), unsafe { libc::CMSG_SPACE(9) } as usize);

    // A header and five elements decode as a 5-element tail.
    let mut buf = cmsg::ControlBuffer::<{ space_for::<Blob>(5) }>::new();
    let mut encoder = Encoder::new(&mut buf);
    let mut payload = 7u32.to_ne_bytes().to_vec();
    payload.extend_from_slice(b"hello");
    encoder.push_raw(Blob::LEVEL, Blob::TYPE, &payload).unwrap();
    let bytes = encoder.finish().as_bytes();
    let message = Messages::new(bytes).next().unwrap().unwrap();
    let blob: &Blob = message.decode().unwrap();
    let header = blob.header;
    assert_eq!(header, 7);
    assert_eq!(&blob.data, b"hello");

    // Encoding the decoded message writes the same bytes again.
    let mut again = cmsg::ControlBuffer::<{ space_for::<Blob>(5) }>::new();
    let mut encoder = Encoder::new(&mut again);
    encoder.push(blob).unwrap();
    assert_eq!(encoder.finish().as_bytes(), bytes);
}
