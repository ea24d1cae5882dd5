/// A receive set: by value, borrowed, descriptors, and a catch-all.
#[derive(ControlMessages)]
enum Supervisor<'a> {
    Credentials(UCred),
    Info(&'a IpPktInfo),
    #[cmsg(max = 3)]
    Rights(Fds<'a, ScmRights>),
    #[cmsg(other)]
    Other(RawMessage<'a>),
}
