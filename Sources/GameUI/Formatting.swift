#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number and time formats shared by the status pane.
public enum Formatting {
    /// "0.42 ms", "12.3 ms", "250 ms"; "-" when unknown.
    public static func roundTrip(_ micros: UInt64?) -> String {
        guard let micros else { return "-" }
        let millis = Double(micros) / 1000
        if millis < 10 { return fixed(millis, decimals: 2) + " ms" }
        if millis < 100 { return fixed(millis, decimals: 1) + " ms" }
        return "\(Int(millis.rounded())) ms"
    }

    /// Whole seconds, rounded down.
    public static func seconds(_ micros: UInt64) -> String {
        "\(micros / 1_000_000) s"
    }

    /// Local wall-clock time of an epoch in microseconds: "HH:MM:SS".
    public static func clock(_ epochMicros: UInt64) -> String {
        var seconds = time_t(epochMicros / 1_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return pad2(Int(parts.tm_hour)) + ":" + pad2(Int(parts.tm_min)) + ":" + pad2(Int(parts.tm_sec))
    }

    /// `value` with `decimals` digits after the point, e.g. "0.42".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        var fraction = String(scaled % Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return decimals == 0 ? "\(whole)" : "\(whole).\(fraction)"
    }

    private static func pad2(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
