#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Messages
import NIOCore
import NIOPosix

/// What went wrong with a connection, as a ``SessionDriver`` saw it, and the plain
/// sentences players are told.
public enum ConnectionFailure: Sendable, Hashable {
    /// The connect was refused: nothing listens there.
    case nothingListening
    /// The connect failed some other way (no answer, no route, no such host).
    case unreachable
    /// The peer answered the login with bytes that are not game frames.
    case notAGameServer
    /// Connected, but the login was not answered in time.
    case loginUnanswered
    /// The server fell silent for longer than the silence limit.
    case silent
    /// An established connection failed (a reset, a frame this client cannot read).
    case broken

    /// The failure a connect error means.
    static func ofConnect(_ error: any Error) -> ConnectionFailure {
        isConnectionRefused(error) ? .nothingListening : .unreachable
    }

    private static func isConnectionRefused(_ error: any Error) -> Bool {
        switch error {
        case let error as NIOConnectionError:
            return !error.connectionErrors.isEmpty && error.connectionErrors.allSatisfy { isConnectionRefused($0.error) }
        case let error as IOError:
            return error.errnoCode == ECONNREFUSED
        default:
            return false
        }
    }

    /// Why a TCP connect to `server` failed.
    public static func connectFailed(_ error: any Error, server: ServerAddress) -> String {
        "Could not connect to \(server): \(cause(of: error))."
    }

    /// A peer that answered the login with bytes that are not game frames (an HTTP or
    /// SSH server, say).
    public static func notAGameServer(_ server: ServerAddress) -> String {
        "\(server) is not a Mousy/Go-Shapes game server: it answered the login with something other than game frames."
    }

    /// Why an established connection failed.
    static func connectionFailed(_ error: any Error) -> String {
        if let frameError = error as? FrameError {
            return "The server sent a frame this client cannot read (\(frameError)), so the connection was closed."
        }
        return "The connection to the server failed: \(cause(of: error))."
    }

    static func cause(of error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first {
                return cause(of: first.error)
            }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "the host name '\(error.host)' could not be resolved"
            }
            return "the host name '\(error.host)' has no address"
        case let error as IOError:
            return describe(errno: error.errnoCode)
        case ChannelError.connectTimeout(let amount):
            return "no answer within \(seconds(amount))"
        case let error as SocketAddressError:
            return "the address could not be resolved (\(error))"
        default:
            return String(describing: error)
        }
    }

    static func describe(errno code: CInt) -> String {
        switch code {
        case ECONNREFUSED: "the connection was refused (is the server running?)"
        case ECONNRESET: "the connection was reset by the server"
        case ETIMEDOUT: "the connection timed out"
        case EHOSTUNREACH: "the host is unreachable"
        case ENETUNREACH: "the network is unreachable"
        case EPIPE: "the server closed the connection"
        case EADDRNOTAVAIL: "the address is not available"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// `3 s`, `0.5 s`.
    static func seconds(_ amount: TimeAmount) -> String {
        let value = Double(amount.nanoseconds) / 1e9
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
