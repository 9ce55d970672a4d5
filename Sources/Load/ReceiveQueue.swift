#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// What the kernel knows of one connection's inbound side: whether bytes wait that this
/// process has not read yet, and how long ago data last arrived.
///
/// The silence check counts from the last read; a load generator that falls behind its own
/// reads would take its backlog for a dead server. Only a server the kernel has heard
/// nothing from, with nothing left unread, is silent.
struct ReceiveQueue: Sendable, Hashable {
    /// Memory the kernel holds in the socket's receive queue (SK_MEMINFO_RMEM_ALLOC: the
    /// unread data with its overhead; 0 when nothing waits).
    var queuedBytes: UInt32
    /// Time since the kernel last received data on the connection (tcpi_last_data_recv).
    var sinceLastData: TimeAmount

    /// The server has said nothing for `limit`: nothing waits to be read, and the kernel
    /// has received nothing for that long.
    func serverSilent(for limit: TimeAmount) -> Bool {
        queuedBytes == 0 && sinceLastData >= limit
    }

    /// SO_MEMINFO's array of SK_MEMINFO_VARS counters (RMEM_ALLOC first).
    private typealias MemoryInfo = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    /// SO_MEMINFO (Linux 4.6 and later), which Glibc does not export.
    private static let memoryInfoOption = NIOBSDSocket.Option(rawValue: 55)

    /// Reads the connection's receive queue; fails when `channel` is not a socket or the
    /// kernel does not answer.
    static func read(_ channel: any Channel) -> EventLoopFuture<ReceiveQueue> {
        guard let socket = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
        }
        let memory: EventLoopFuture<MemoryInfo> = socket.unsafeGetSocketOption(level: .socket, name: memoryInfoOption)
        return memory.and(socket.getTCPInfo()).map { memory, info in
            ReceiveQueue(queuedBytes: memory.0, sinceLastData: .milliseconds(Int64(info.tcpi_last_data_recv)))
        }
    }
}
