import NIOConcurrencyHelpers
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import Messages

/// The names playing right now, shared by every event loop, kept by their skeletons
/// (``PlayerName/skeletons(of:)``) so that no name can pass for one already playing. Claiming a name is the one
/// point where logins on different loops meet, so it sits behind a lock (held for a
/// lookup, never across I/O) rather than an actor hop per login.
///
/// Each name's holder is one login (its `serial`): a login for a playing name that
/// presents the holder's resume token takes the name over in one step, so two such
/// logins cannot both win, and the connection it replaces no longer frees the name.
final class PlayerRegistry: Sendable {
    enum Claim {
        /// The name is now taken by the caller; `online` counts the players (the caller
        /// too, unless a spectator).
        case granted(id: PlayerID, online: Int, serial: UInt64)
        /// The caller takes the session of `previous` over, as the same player.
        case resumed(id: PlayerID, online: Int, serial: UInt64, previous: SessionHolder)
        /// The caller is the player of a session reaped by the ping timeout, back within
        /// its grace with its token: the name is its again, as a new session (`id`).
        case returned(id: PlayerID, online: Int, serial: UInt64)
        case nameTaken
        case full
        case closed
    }

    /// The login that holds a name: where its session lives, and its token.
    struct SessionHolder: Sendable {
        var id: PlayerID
        var username: String
        var serial: UInt64
        var token: ResumeToken
        /// The shard whose loop has the session.
        var shard: NIOLoopBound<PlayerShard>
    }

    /// A ``SessionHolder`` as the table keeps it, one per player: the token in place and
    /// the shard as an index into `State.shards` (one per event loop), so an entry is 56
    /// bytes with no allocation of its own (a token's bytes on the heap and a 24-byte
    /// `NIOLoopBound` made it 64 bytes plus 48 on the heap).
    private struct Entry {
        var username: String
        var id: PlayerID
        var serial: UInt64
        var token: ResumeToken
        var shard: UInt32
        /// A spectator holds its name but is not counted among the players.
        var spectator: Bool
        /// Reaped by the ping timeout: the name waits for its player's token (not counted).
        var parked = false
    }

    private struct State {
        var holders: [String: Entry] = [:]  // by folded skeleton
        /// A holder's written skeleton, where it differs, to its folded one.
        var aliases: [String: String] = [:]
        /// Every shard a holder lives on, each once.
        var shards: [NIOLoopBound<PlayerShard>] = []
        var nextID: PlayerID = 1
        var nextSerial: UInt64 = 1
        var accepting = true
        /// Holders that are spectators.
        var spectators = 0
        /// Parked holders that are players (not spectators).
        var parkedPlayers = 0

        /// Holders that are players, playing now.
        var players: Int { holders.count - spectators - parkedPlayers }

        mutating func index(of shard: NIOLoopBound<PlayerShard>) -> UInt32 {
            if let index = shards.firstIndex(where: { $0.eventLoop === shard.eventLoop }) { return UInt32(index) }
            shards.append(shard)
            return UInt32(shards.count - 1)
        }

        func holder(_ entry: Entry) -> SessionHolder {
            SessionHolder(
                id: entry.id, username: entry.username, serial: entry.serial, token: entry.token,
                shard: shards[Int(entry.shard)]
            )
        }
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Takes `name` for a new session, unless it or a look-alike is playing already, the
    /// server is full or shutting down. If exactly `name` plays and `presented` is its
    /// session's token, the caller takes that session over instead (same id, and a
    /// player or spectator as before).
    func claim(
        _ name: String, presenting presented: Data, newToken: ResumeToken, shard: NIOLoopBound<PlayerShard>,
        spectator: Bool = false
    ) -> Claim {
        let keys = Self.keys(for: name)
        return state.withLockedValue { state in
            guard state.accepting else { return .closed }
            let serial = state.nextSerial
            if let holder = state.holders[keys.folded] {
                // The token is checked whatever the name, so the time taken says nothing of it.
                let tokenMatches = holder.token.matches(presented)
                guard tokenMatches, holder.username == name else { return .nameTaken }
                if holder.parked {
                    let id = state.nextID
                    state.nextID += 1
                    state.nextSerial += 1
                    if !holder.spectator { state.parkedPlayers -= 1 }
                    state.holders[keys.folded] = Entry(
                        username: name, id: id, serial: serial, token: newToken, shard: state.index(of: shard),
                        spectator: holder.spectator
                    )
                    return .returned(id: id, online: state.players, serial: serial)
                }
                state.nextSerial += 1
                let previous = state.holder(holder)
                state.holders[keys.folded] = Entry(
                    username: name, id: holder.id, serial: serial, token: newToken, shard: state.index(of: shard),
                    spectator: holder.spectator
                )
                return .resumed(id: holder.id, online: state.players, serial: serial, previous: previous)
            }
            // Either key meeting either key of a playing name: one player.
            if state.aliases[keys.folded] != nil || state.holders[keys.written] != nil
                || state.aliases[keys.written] != nil {
                return .nameTaken
            }
            guard state.holders.count < capacity else { return .full }
            let id = state.nextID
            state.nextID += 1
            state.nextSerial += 1
            state.holders[keys.folded] = Entry(
                username: name, id: id, serial: serial, token: newToken, shard: state.index(of: shard),
                spectator: spectator
            )
            if keys.written != keys.folded { state.aliases[keys.written] = keys.folded }
            if spectator { state.spectators += 1 }
            return .granted(id: id, online: state.players, serial: serial)
        }
    }

    /// Frees a name whose session (login `serial`) has ended; false if another login
    /// has taken the session over meanwhile (the name stays with it).
    @discardableResult
    func release(_ name: String, serial: UInt64) -> Bool {
        let keys = Self.keys(for: name)
        return state.withLockedValue { state in
            guard let holder = state.holders[keys.folded], holder.serial == serial else { return false }
            state.holders[keys.folded] = nil
            if keys.written != keys.folded, state.aliases[keys.written] == keys.folded {
                state.aliases[keys.written] = nil
            }
            if holder.spectator { state.spectators -= 1 }
            if holder.parked, !holder.spectator { state.parkedPlayers -= 1 }
            // The shards hold the registry: no cycle once nobody plays.
            if state.holders.isEmpty { state.shards = [] }
            return true
        }
    }

    /// Keeps the name of a session (login `serial`) reaped by the ping timeout for its
    /// player's token, uncounted, until ``release(_:serial:)`` (after the grace) or its
    /// return; false if another login holds it now.
    @discardableResult
    func park(_ name: String, serial: UInt64) -> Bool {
        let keys = Self.keys(for: name)
        return state.withLockedValue { state in
            guard let holder = state.holders[keys.folded], holder.serial == serial, !holder.parked else { return false }
            state.holders[keys.folded]!.parked = true
            if !holder.spectator { state.parkedPlayers += 1 }
            return true
        }
    }

    /// The name's skeletons as the table's keys. Most names are their own skeleton: then
    /// the key is the name itself, which shares its storage with the session's copy, so a
    /// name too long to be stored in place costs one heap block, not two.
    private static func keys(for name: String) -> PlayerName.Skeletons {
        var keys = PlayerName.skeletons(of: name)
        if keys.folded == name { keys.folded = name }
        if keys.written == keys.folded { keys.written = keys.folded }
        return keys
    }

    /// Refuses every later claim.
    func close() {
        state.withLockedValue { $0.accepting = false }
    }

    /// Names held, spectators' included.
    var count: Int { state.withLockedValue { $0.holders.count } }

    /// The players online: the names held by players, not spectators.
    var players: Int { state.withLockedValue { $0.players } }
}

/// A logged-in player, unique for the server's lifetime (a name may come back; its id
/// does not; a session taken over keeps its id).
typealias PlayerID = UInt64
