import Messages
import Testing

/// The browser's wire: one message per JSON frame, tagged with its kind, the message in
/// protobuf's canonical JSON mapping (WireMessage+JSON.swift).
struct JSONFrameTests {
    @Test("every kind of the table round-trips through its JSON frame", arguments: MType.framed)
    func roundTrip(type: MType) throws {
        let message = try #require(type.framedMessage).worstCase.wireMessage
        let frame = try message.jsonFrame()
        #expect(frame.hasPrefix("{\"kind\":\"\(try #require(type.kindName))\",\"msg\":{"))
        #expect(frame.utf8.count <= WireMessage.maximumJSONFrameBytes)
        #expect(try WireMessage(jsonFrame: frame) == message)
    }

    @Test("the kinds are the generated messages' names")
    func kindNames() {
        #expect(MType.mouseEvent.kindName == "MouseMove")
        #expect(MType.playerLogin.kindName == "PlayerLogin")
        #expect(MType.unknown.kindName == nil)
    }

    @Test("a frame from a page parses with its fields in any order, unknown fields ignored")
    func fromAPage() throws {
        let frame = #"{"msg": {"y": 300, "x": 400, "leftClick": true, "later": 1}, "kind": "MouseMove"}"#
        #expect(try WireMessage(jsonFrame: frame) == .mouseMove(.with { ($0.x, $0.y, $0.leftClick) = (400, 300, true) }))
    }

    @Test(
        "what is not a frame is refused",
        arguments: [
            "", "null", "[]", "{not json", #"{"kind":"MouseMove"}"#, #"{"kind":"MouseMove","msg":[]}"#,
            #"{"kind":7,"msg":{}}"#, #"{"kind":"MouseMove","msg":{},"extra":1}"#,
            #"{"kind":"MouseMove","msg":{"x":"far"}}"#, #"{"kind":"Ping","msg":{"sentEpoch":-1}}"#,
        ]
    )
    func refused(frame: String) {
        #expect(throws: JSONFrameError.self) { try WireMessage(jsonFrame: frame) }
    }

    @Test("an unknown kind is told apart, to be skipped as an unknown type byte is")
    func unknownKind() {
        #expect(throws: JSONFrameError.unknownKind("Teleport")) { try WireMessage(jsonFrame: #"{"kind":"Teleport","msg":{}}"#) }
    }

    @Test("a frame longer than any message's is refused before it is parsed")
    func tooLong() {
        let frame = #"{"kind":"Chat","msg":{"text":""# + String(repeating: "a", count: WireMessage.maximumJSONFrameBytes) + #""}}"#
        #expect(throws: JSONFrameError.tooLarge(bytes: frame.utf8.count)) { try WireMessage(jsonFrame: frame) }
    }
}
