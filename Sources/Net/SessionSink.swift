import Messages

/// Where a ``SessionDriver`` hands what happens: the session's events, in order, and the
/// few connection facts a front may act on. Called on the driver's event loop only.
///
/// `mousy play` and `mousy watch` post the events to their ``ClientQueue``; the SSH front
/// feeds them to its screen's update; the probe turns the first into an answer; each
/// `mousy load` player counts them.
public protocol SessionSink: AnyObject {
    /// An event of the session (``ClientEvent``); `.stopped` is the last.
    func driver(_ driver: SessionDriver, posted event: ClientEvent)
    /// A batch of reads is done: `frames` messages reached the driver in it.
    func driver(_ driver: SessionDriver, readBatchOf frames: Int)
    /// The connection takes writes again after it did not.
    func driverBecameWritable(_ driver: SessionDriver)
    /// Nothing has been read for the silence limit. The default ends the connection
    /// (``SessionDriver/endSilentConnection()``); a front may look closer first.
    func driverFellSilent(_ driver: SessionDriver)
}

extension SessionSink {
    public func driver(_ driver: SessionDriver, readBatchOf frames: Int) {}
    public func driverBecameWritable(_ driver: SessionDriver) {}
    public func driverFellSilent(_ driver: SessionDriver) {
        driver.endSilentConnection()
    }
}
