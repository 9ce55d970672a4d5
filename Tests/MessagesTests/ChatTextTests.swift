import Messages
import Testing

@Suite("Chat text")
struct ChatTextTests {
    @Test("a line is trimmed of spaces at both ends; an empty or blank one is nothing")
    func trims() {
        #expect(Chat.cleaned("  hello there \n") == "hello there")
        #expect(Chat.cleaned(" \t\n ") == "")
        #expect(Chat.cleaned("") == "")
    }

    @Test("controls and bidi overrides are escaped visibly, an ESC ends the line")
    func sanitises() {
        #expect(Chat.cleaned("a\u{7}b") == "a\\007b")
        #expect(Chat.cleaned("evil\u{202E}txt") == "evil\\u{202e}txt")
        #expect(Chat.cleaned("title\u{1B}]0;pwned\u{7}") == "title\\033")
        #expect(Chat.cleaned("two\nlines") == "two\\nlines")
    }

    @Test("a long line is cut at a whole character to the bytes that fit beside the longest name")
    func cuts() throws {
        #expect(Chat.maximumTextBytes == 186)
        for unit in ["x", "é", "🐭", "👩‍👩‍👧"] {
            let long = String(repeating: unit, count: 300)
            let fitted = Chat.fitted(long)
            #expect(fitted.utf8.count <= Chat.maximumTextBytes, "\(unit)")
            #expect(fitted.allSatisfy { String($0) == unit }, "\(unit)")
            #expect(fitted.utf8.count > Chat.maximumTextBytes - unit.utf8.count, "\(unit)")
            let cleaned = Chat.cleaned(long)
            #expect(cleaned.utf8.count <= Chat.maximumTextBytes, "\(unit)")
            let chat = Chat.with {
                $0.sender = String(repeating: "n", count: PlayerName.maximumBytes)
                $0.text = cleaned
            }
            #expect(try Frame.encode(.chat(chat)).count <= Frame.maximumFrameLength)
        }
        #expect(Chat.fitted("short") == "short")
    }
}

@Suite("MessageKinds")
struct MessageKindsTests {
    @Test("every type of the table has a place in the set")
    func fitsTheTable() {
        for type in MType.framed {
            #expect(type.rawValue < 64, "a set of 64 bits holds types 0-63")
            #expect(MessageKinds.all.contains(type))
        }
        #expect(MessageKinds.all.types == MType.framed)
    }

    @Test("a listed set keeps what the table names; an empty list means the peer's default")
    func listed() {
        let listed = MessageKinds.listed([.pingEvent, .chat, .UNRECOGNIZED(40), .unknown], unlisted: .none)
        #expect(listed.types == [.pingEvent, .chat])
        #expect(MessageKinds.listed([], unlisted: .unlistedClient) == .unlistedClient)
        #expect(MessageKinds.unlistedClient.types.map(\.rawValue) == [1, 2, 3, 4, 5, 6])
        #expect(MessageKinds.unannouncedServer.types.map(\.rawValue) == [1, 2, 3, 6])
        #expect(!MessageKinds.unlistedClient.contains(.chat))
        #expect(!MessageKinds.none.contains(.pingEvent))
    }
}
