//! Linux (and Android, where its kernel is the same): `SOL_SOCKET`, IP,
//! IPv6 and UDP control messages. See `cmsg(3)`, `unix(7)`, `socket(7)`,
//! `ip(7)`, `ipv6(7)` and `udp(7)`.

mod socket;

pub use socket::UCred;
