import Foundation

/// Writes a large JSON document straight to a file through a 1 MiB buffer, so a trace of a
/// million agents never exists as a Foundation object tree. The caller writes the structure
/// (`{`, `,`, `:`) with ``raw(_:)``; strings are escaped and numbers use Swift's shortest
/// round-trip form, which JSON readers parse back to the same `Double`.
struct JSONStreamWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Creates (or truncates) the file at `url`.
    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends text as is.
    mutating func raw(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends a JSON string literal.
    mutating func string(_ text: String) throws {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        try raw(escaped + "\"")
    }

    /// Appends `"key":`.
    mutating func key(_ name: String) throws {
        try string(name)
        try raw(":")
    }

    /// Appends a finite number (the library never traces NaN or infinity: inputs are validated).
    mutating func number(_ value: Double) throws {
        try raw(value.isFinite ? "\(value)" : "null")
    }

    /// A scalar member's value.
    enum Scalar {
        case number(Double)
        case integer(Int)
        case unsigned(UInt64)
        case string(String)
        case boolean(Bool)
    }

    /// Appends `"key":value,` for each member (every one followed by a comma: the caller
    /// writes the member that ends the object).
    mutating func members(_ members: [(String, Scalar)]) throws {
        for (name, value) in members {
            try key(name)
            switch value {
            case .number(let number): try self.number(number)
            case .integer(let integer): try raw("\(integer)")
            case .unsigned(let integer): try raw("\(integer)")
            case .string(let text): try string(text)
            case .boolean(let flag): try raw("\(flag)")
            }
            try raw(",")
        }
    }

    /// Appends an array of numbers.
    mutating func numbers(_ values: some Collection<Double>) throws {
        try raw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { try raw(",") }
            try number(value)
        }
        try raw("]")
    }

    /// Appends an array of integers.
    mutating func integers(_ values: some Collection<some BinaryInteger>) throws {
        try raw("[")
        for (index, value) in values.enumerated() { try raw(index > 0 ? ",\(value)" : "\(value)") }
        try raw("]")
    }

    /// Appends an array of booleans.
    mutating func booleans(_ values: [Bool]) throws {
        try raw("[")
        for (index, value) in values.enumerated() { try raw(index > 0 ? (value ? ",true" : ",false") : "\(value)") }
        try raw("]")
    }

    /// Writes what is buffered.
    mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    mutating func close() throws {
        try flush()
        try handle.close()
    }
}
