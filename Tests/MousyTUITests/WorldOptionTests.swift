import Testing
@testable import MousyTUI

@Suite("--world")
struct WorldOptionTests {
    @Test("WxH, each side 1 to a million points; anything else is refused")
    func parsing() {
        #expect(WorldOption(argument: "1024x768") == WorldOption(width: 1024, height: 768))
        #expect(WorldOption(argument: "800X600") == .original)
        for bad in ["", "800", "0x600", "800x-1", "800x600x1", "x", "wide", "2000000x10"] {
            #expect(WorldOption(argument: bad) == nil, "\(bad)")
        }
    }
}
