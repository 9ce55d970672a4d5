import CICU

/// Unicode's security mechanisms for identifiers (UTS #39), from the system's ICU:
/// restriction levels, the General Security Profile and the confusables skeleton, with
/// the normalisation forms they build on. Every function is safe from any thread.
enum UnicodeSecurity {
    /// What ``problem(in:)`` can find.
    enum Problem: Equatable {
        /// Scripts mixed beyond the highly restrictive level.
        case mixedScripts
        /// The same combining mark twice on one letter (it draws once).
        case stackedMark
        /// Digits from more than one numbering system.
        case mixedDigits
        /// ICU could not check (its data is missing).
        case unavailable
    }

    /// What ICU's spoof checker finds wrong with `text`, or nil.
    static func problem(in text: String) -> Problem? {
        let units = Array(text.utf16)
        return switch mousy_spoof_problem(units, Int32(units.count)) {
        case 0: nil
        case 1: .mixedScripts
        case 2: .stackedMark
        case 3: .mixedDigits
        default: .unavailable
        }
    }

    /// True if `scalar` is allowed in identifiers by UTS #39's General Security Profile
    /// (Identifier_Status=Allowed).
    static func isRecommended(_ scalar: Unicode.Scalar) -> Bool {
        mousy_spoof_recommends(Int32(bitPattern: scalar.value)) == 1
    }

    /// UTS #39's skeleton of `text`: NFD, each character replaced by its prototype from
    /// Unicode's confusables data, NFD again.
    static func skeleton(_ text: String) -> String {
        transform(text) { mousy_spoof_skeleton($0, $1, $2, $3) }
    }

    /// `text` in Normalization Form KC.
    static func nfkc(_ text: String) -> String {
        transform(text) { mousy_normalize(0, $0, $1, $2, $3) }
    }

    /// `text` in NFKC_Casefold: compatibility forms, case and default-ignorable
    /// characters folded away.
    static func nfkcCasefold(_ text: String) -> String {
        transform(text) { mousy_normalize(1, $0, $1, $2, $3) }
    }

    /// Runs an ICU string function that reports the length it needs, growing the output
    /// once if the first guess was short; `text` unchanged if ICU fails.
    private static func transform(
        _ text: String,
        _ body: (UnsafePointer<UInt16>, Int32, UnsafeMutablePointer<UInt16>, Int32) -> Int32
    ) -> String {
        let units = Array(text.utf16)
        if units.isEmpty { return text }
        var capacity = max(2 * units.count, 16)
        for _ in 0..<2 {
            var output = [UInt16](repeating: 0, count: capacity)
            let length = units.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    body(input.baseAddress!, Int32(input.count), out.baseAddress!, Int32(capacity))
                }
            }
            if length < 0 { return text }
            if Int(length) <= capacity { return String(decoding: output[..<Int(length)], as: UTF16.self) }
            capacity = Int(length)
        }
        return text
    }
}
