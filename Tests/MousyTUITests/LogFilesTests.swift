import Foundation
import Testing
@testable import MousyTUI

/// The log directory and files of `mousy play`: the user's own, never reached through a
/// link someone else planted.
@Suite("Log files")
struct LogFilesTests {
    /// A fresh scratch directory, removed after `body`.
    static func withScratch(_ body: (String) throws -> Void) throws {
        var template = Array((NSTemporaryDirectory() + "/mousy-logtest-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let scratch = String(cString: try #require(made))
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try body(scratch)
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    @Test("the cache directory is made with mode 0700")
    func cacheDirectory() throws {
        try Self.withScratch { scratch in
            let directory = LogFiles.directory { $0 == "XDG_CACHE_HOME" ? scratch + "/cache" : nil }
            #expect(directory == scratch + "/cache/mousy")
            #expect(Self.mode(directory) == 0o700)
        }
    }

    @Test("an own directory open to others is closed to 0700")
    func closesOwnDirectory() throws {
        try Self.withScratch { scratch in
            mkdir(scratch + "/mousy", 0o755)
            chmod(scratch + "/mousy", 0o755)
            let directory = LogFiles.directory { $0 == "XDG_CACHE_HOME" ? scratch : nil }
            #expect(directory == scratch + "/mousy")
            #expect(Self.mode(directory) == 0o700)
        }
    }

    @Test("without a cache directory: a private one in TMPDIR; a planted link there is not followed")
    func temporaryFallback() throws {
        try Self.withScratch { scratch in
            let temporary = scratch + "/tmp"
            mkdir(temporary, 0o1777)
            let unusable = { (name: String) -> String? in
                switch name {
                case "XDG_CACHE_HOME": "/proc/self/no-such-place"
                case "TMPDIR": temporary
                default: nil
                }
            }
            // Nothing planted: TMPDIR/mousy-UID, mode 0700.
            let plain = LogFiles.directory(environment: unusable)
            #expect(plain == temporary + "/mousy-\(geteuid())")
            #expect(Self.mode(plain) == 0o700)
            rmdir(plain)
            // An attacker's link in its place: not used, a fresh private directory instead.
            let elsewhere = scratch + "/attacker"
            mkdir(elsewhere, 0o777)
            symlink(elsewhere, plain)
            let fresh = LogFiles.directory(environment: unusable)
            #expect(fresh != plain)
            #expect(fresh.hasPrefix(temporary + "/mousy-\(geteuid())-"))
            #expect(Self.mode(fresh) == 0o700)
            let (_, path) = LogFiles.logger(label: "test", file: "client.log", in: fresh)
            #expect(path == fresh + "/client.log")
            let planted = try FileManager.default.contentsOfDirectory(atPath: elsewhere)
            #expect(planted.isEmpty)
        }
    }

    @Test("a log file that is a symbolic link is not opened")
    func noFollow() throws {
        try Self.withScratch { scratch in
            let target = scratch + "/victim"
            #expect(FileManager.default.createFile(atPath: target, contents: Data("precious\n".utf8)))
            symlink(target, scratch + "/client.log")
            #expect(FileLogHandler.Sink(path: scratch + "/client.log") == nil)
            let (logger, path) = LogFiles.logger(label: "test", file: "client.log", in: scratch)
            #expect(path == nil)
            logger.error("must go nowhere")
            let contents = try String(contentsOfFile: target, encoding: .utf8)
            #expect(contents == "precious\n")
        }
    }

    @Test("log lines carry no terminal controls, whatever a peer sent")
    func sanitisedLines() throws {
        try Self.withScratch { scratch in
            let (logger, path) = LogFiles.logger(label: "test", file: "client.log", in: scratch)
            logger.info("refused: \("bad\u{1B}]0;PWNED\u{07}")", metadata: ["reason": "x\u{9B}2J\u{202E}y\u{07}"])
            let text = try String(contentsOfFile: try #require(path), encoding: .utf8)
            #expect(text.contains("refused: bad\\033"))
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E })
        }
    }
}
