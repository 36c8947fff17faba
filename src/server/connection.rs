//! What one client may hold: a connection that stops reading its
//! responses, sits idle between requests or trickles a request body is cut
//! off after a while, and one address may hold only so many connections.
//!
//! hyper's own header-read timeout covers a client that is slow to send its
//! headers, but nothing else: a response write that never makes progress
//! waits forever, and a body read is not timed at all. The wrappers here
//! are small and written for Hearth rather than taken from a crate
//! (`tokio-io-timeout` times each read and write alone): the idle timer must
//! stop while a request is being answered, or a slow page or the preview's
//! event stream would be cut off, and a request body needs one deadline for
//! the whole body, since a client sending a byte a second never makes a
//! single read wait long.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::body::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// A timer that is started when an operation has to wait and stopped when
/// it makes progress.
///
/// Starting and stopping only note the time: the timer itself is armed once
/// and, when it fires, moved on to the current wait's deadline if the
/// operation made progress meanwhile. Re-arming it at every wait (every
/// kept-alive request) would cost a trip to tokio's timer wheel per request.
struct Stall {
    limit: Duration,
    sleep: Pin<Box<Sleep>>,
    /// When the current wait began; `None` while the operation makes progress.
    waiting_since: Option<Instant>,
}

impl Stall {
    fn new(limit: Duration) -> Stall {
        Stall {
            limit,
            sleep: Box::pin(tokio::time::sleep(limit)),
            waiting_since: None,
        }
    }

    /// Called when the operation has to wait: whether it has now waited too long.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        let since = *self.waiting_since.get_or_insert_with(Instant::now);
        let deadline = since + self.limit;
        while self.sleep.as_mut().poll(cx).is_ready() {
            if Instant::now() >= deadline {
                return true;
            }
            // It fired for an earlier wait: move it on to this one's end.
            self.sleep.as_mut().reset(deadline);
        }
        false
    }

    fn stop(&mut self) {
        self.waiting_since = None;
    }
}

/// Whether a request is being answered on a connection: counted up when
/// hyper hands over a request, down when the response's body is done with
/// (a count, not a flag, in case the next request starts before the last
/// body is dropped).
#[derive(Clone, Default)]
pub struct Busy(Arc<AtomicUsize>);

impl Busy {
    /// Marks the connection busy until the returned guard is dropped.
    pub fn start(&self) -> BusyGuard {
        self.0.fetch_add(1, Ordering::AcqRel);
        BusyGuard(Arc::clone(&self.0))
    }

    fn is_busy(&self) -> bool {
        self.0.load(Ordering::Acquire) > 0
    }
}

pub struct BusyGuard(Arc<AtomicUsize>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A connection's socket with two timers: a write that makes no progress for
/// `write_timeout` fails, which closes the connection; and a connection that
/// sends nothing for `idle_timeout` while no request is being answered
/// reads as closed by the client.
pub struct Guarded<S> {
    stream: S,
    busy: Busy,
    write: Stall,
    idle: Stall,
}

impl<S> Guarded<S> {
    pub fn new(stream: S, busy: Busy, write_timeout: Duration, idle_timeout: Duration) -> Self {
        Guarded {
            stream,
            busy,
            write: Stall::new(write_timeout),
            idle: Stall::new(idle_timeout),
        }
    }

    /// The end of a write that had to wait: `Pending` until it makes
    /// progress, an error once it has waited too long.
    fn waited<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match result {
            Poll::Pending if self.write.expired(cx) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading its response",
            ))),
            Poll::Pending => Poll::Pending,
            ready => {
                self.write.stop();
                ready
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Pending if this.busy.is_busy() => {
                // Answering a request: the client has nothing to say.
                this.idle.stop();
                Poll::Pending
            }
            // Nothing filled in reads as the end of the stream: hyper closes
            // an idle connection quietly.
            Poll::Pending if this.idle.expired(cx) => Poll::Ready(Ok(())),
            Poll::Pending => Poll::Pending,
            ready => {
                this.idle.stop();
                ready
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.waited(cx, result)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.waited(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.stream).poll_flush(cx);
        self.waited(cx, result)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.stream).poll_shutdown(cx);
        self.waited(cx, result)
    }
}

/// A response body that keeps its connection marked busy until hyper has
/// sent it (or given up on it).
pub struct Answering<B> {
    body: B,
    _busy: BusyGuard,
}

impl<B> Answering<B> {
    pub fn new(body: B, busy: BusyGuard) -> Self {
        Answering { body, _busy: busy }
    }
}

impl<B: Body + Unpin> Body for Answering<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A request body that must have arrived by a deadline set when its request
/// began. A timer per read would never fire for a client that sends a byte
/// every second; this one ends the body with [`BodyTimedOut`] however the
/// bytes trickle in.
pub struct Deadline<B> {
    body: B,
    deadline: Pin<Box<Sleep>>,
}

impl<B> Deadline<B> {
    pub fn new(body: B, within: Duration) -> Self {
        Deadline {
            body,
            deadline: Box::pin(tokio::time::sleep(within)),
        }
    }
}

/// The request body did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct BodyTimedOut;

impl<B> Body for Deadline<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::BoxError>>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(Box::new(BodyTimedOut))));
        }
        let frame = ready!(Pin::new(&mut self.body).poll_frame(cx));
        Poll::Ready(frame.map(|frame| frame.map_err(Into::into)))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// Whether `error`, from reading a request body, was its deadline passing.
pub fn is_body_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if error.is::<BodyTimedOut>() {
            return true;
        }
        next = error.source();
    }
    false
}

/// Connections open per client address, so that one client cannot take
/// every connection the server allows.
pub struct PerClient {
    limit: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

impl PerClient {
    pub fn new(limit: usize) -> Arc<PerClient> {
        Arc::new(PerClient {
            limit,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// A slot for one more connection from `peer`, or `None` when that
    /// client already holds its share.
    pub fn admit(self: &Arc<Self>, peer: IpAddr) -> Option<ClientSlot> {
        let client = client_key(peer);
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = open.entry(client).or_default();
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            clients: Arc::clone(self),
            client,
        })
    }
}

/// One connection's place in its client's share, given back when dropped.
pub struct ClientSlot {
    clients: Arc<PerClient>,
    client: IpAddr,
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self
            .clients
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// Who a connection counts against: an IPv4 address, or an IPv6 /64, the
/// block one subscriber is usually given (counting single IPv6 addresses
/// would let one client pick a new one per connection).
fn client_key(peer: IpAddr) -> IpAddr {
    match peer {
        IpAddr::V4(_) => peer,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(bits.into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client gets its share of connections and no more, and a closed
    /// connection gives its place back; other clients are not affected.
    #[test]
    fn each_client_gets_its_share_of_connections() {
        let clients = PerClient::new(2);
        let one: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        let first = clients.admit(one).unwrap();
        let _second = clients.admit(one).unwrap();
        assert!(clients.admit(one).is_none());
        assert!(clients.admit(other).is_some());
        drop(first);
        assert!(clients.admit(one).is_some());
    }

    /// IPv6 addresses in one /64 count as one client; an IPv4 address
    /// written as IPv6 counts as itself.
    #[test]
    fn ipv6_clients_are_counted_by_their_64_block() {
        let clients = PerClient::new(1);
        let _held = clients.admit("2001:db8:1:2::1".parse().unwrap()).unwrap();
        assert!(
            clients
                .admit("2001:db8:1:2:ffff::9".parse().unwrap())
                .is_none()
        );
        assert!(clients.admit("2001:db8:1:3::1".parse().unwrap()).is_some());
        let _v4 = clients.admit("192.0.2.7".parse().unwrap()).unwrap();
        assert!(clients.admit("::ffff:192.0.2.7".parse().unwrap()).is_none());
    }

    /// A body that has not all arrived by its deadline ends with the
    /// timeout error, which is recognised through the layers that wrap it.
    #[tokio::test]
    async fn a_body_past_its_deadline_ends_with_a_timeout() {
        use futures_util::StreamExt;
        use http_body_util::BodyExt;
        // The first bytes, then nothing more, ever.
        let trickle = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(Frame::data(
            Bytes::from_static(b"name="),
        ))])
        .chain(futures_util::stream::pending());
        let body = http_body_util::StreamBody::new(trickle);
        let body = axum::body::Body::new(Deadline::new(body, Duration::from_millis(50)));
        let error = axum::body::to_bytes(body, 1024).await.unwrap_err();
        assert!(is_body_timeout(&error), "{error:?}");

        let complete = Deadline::new(axum::body::Body::from("name=Ana"), Duration::from_secs(60));
        let bytes = complete.collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], b"name=Ana");
    }
}
