/// A minimal JSON object builder that keeps key order stable (the JSON Lines contract).
struct JSONObject {
    private var parts: [String] = []

    mutating func add(_ key: String, _ value: String?) {
        parts.append("\(Self.quote(key)):\(value.map(Self.quote) ?? "null")")
    }

    mutating func add(_ key: String, _ value: Int) { parts.append("\(Self.quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: Int64) { parts.append("\(Self.quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: Bool) { parts.append("\(Self.quote(key)):\(value)") }

    mutating func add(_ key: String, _ value: Double) {
        let text = value.isFinite ? String(format: "%.4g", value) : "null"
        parts.append("\(Self.quote(key)):\(text == "-0" ? "0" : text)")
    }

    mutating func add(_ key: String, strings: [String]) {
        parts.append("\(Self.quote(key)):[\(strings.map(Self.quote).joined(separator: ","))]")
    }

    mutating func add(_ key: String, object: [String: String]) {
        let body = object.keys.sorted().map { "\(Self.quote($0)):\(Self.quote(object[$0]!))" }.joined(separator: ",")
        parts.append("\(Self.quote(key)):{\(body)}")
    }

    var text: String { "{" + parts.joined(separator: ",") + "}" }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

import Foundation
