extern crate cmsg_core as cmsg;
use cmsg::{space, ControlMessage, Encoder, Messages};

#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq)]
#[cmsg(level = libc::IPPROTO_IP, ty = libc::IP_TTL)]
#[repr(transparent)]
struct Ttl(i32);

const _: () = assert!(Ttl::BASE_SIZE == 4);
const _: () = assert!(Ttl::ELEMENT_SIZE == 0);
const _: () = assert!(Ttl::ALIGN == 4);

fn main() {
    // SAFETY: CMSG_SPACE is arithmetic on its argument.
    assert_eq!(space::<Ttl>(), unsafe { libc::CMSG_SPACE(4) } as usize);

    // Round trip through the encoder and the decoder.
    let mut buf = cmsg::ControlBuffer::<{ space::<Ttl>() }>::new();
    let mut encoder = Encoder::new(&mut buf);
    encoder.push(&Ttl(64)).unwrap();
    let bytes = encoder.finish().as_bytes();
    assert_eq!(bytes.len(), space::<Ttl>());
    let message = Messages::new(bytes).next().unwrap().unwrap();
    assert_eq!(message.decode::<Ttl>().unwrap(), &Ttl(64));
}
