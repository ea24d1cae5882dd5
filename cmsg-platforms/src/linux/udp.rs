//! `SOL_UDP` messages: segmentation offload (`include/uapi/linux/udp.h`;
//! `udp(7)`).

use cmsg_core::ControlMessage;
use core::ffi::c_int;

/// `UDP_SEGMENT` (GSO, send): split this send into datagrams of this many
/// bytes (`u16`), the last one possibly shorter (Linux 4.18+).
#[doc(alias("UDP_SEGMENT", "GSO"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_UDP, ty = libc::UDP_SEGMENT, direction = send)]
#[repr(transparent)]
pub struct UdpSegment(pub u16);

/// `UDP_GRO` (receive): this read holds coalesced datagrams of this size
/// (`int`), the last possibly shorter. Enable with the `UDP_GRO` option
/// (Linux 5.0+).
#[doc(alias("UDP_GRO", "GRO"))]
#[derive(ControlMessage, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cmsg(level = libc::SOL_UDP, ty = libc::UDP_GRO, enable = libc::UDP_GRO, direction = recv)]
#[repr(transparent)]
pub struct UdpGro(pub c_int);
