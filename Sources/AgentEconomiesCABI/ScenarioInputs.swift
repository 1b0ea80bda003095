import AgentEconomiesCHeader
import AgentEconomiesKernels
import AgentEconomiesSimulation
import Foundation

/// Reading the scenario arguments of the simulation and sweep calls: C strings, the YAML
/// text or file, and override lists; and mapping the simulation's errors to statuses.
enum ScenarioInputs {
    /// A NUL-terminated UTF-8 string.
    static func string(_ pointer: UnsafePointer<CChar>?, _ field: String) throws -> String {
        guard let pointer else { throw CallError.null(field) }
        guard let text = String(validatingCString: pointer) else {
            throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "\(field) is not valid UTF-8")
        }
        return text
    }

    /// `count` strings from an array of C strings.
    static func strings(_ pointer: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int, _ field: String) throws -> [String] {
        let items = try Buffer.input(pointer, count, field)
        return try items.enumerated().map { index, item in try string(item, "\(field)[\(index)]") }
    }

    /// The scenario's YAML text: `yaml`, or the contents of the file at `path` (exactly one
    /// non-NULL).
    static func yaml(_ yaml: UnsafePointer<CChar>?, _ path: UnsafePointer<CChar>?) throws -> String {
        switch (yaml, path) {
        case (nil, nil): throw CallError.null("yaml and path (one must be given)")
        case (.some, .some):
            throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "yaml and path: give one, not both")
        case (let text?, nil): return try string(text, "yaml")
        case (nil, let file?):
            let name = try string(file, "path")
            guard let data = FileManager.default.contents(atPath: name), let text = String(data: data, encoding: .utf8)
            else { throw CallError(status: AE_ERROR_IO, message: "path: cannot read '\(name)'") }
            return text
        }
    }

    /// `n` overrides from parallel key and value arrays.
    static func overrides(
        _ n: Int64, _ keys: UnsafePointer<UnsafePointer<CChar>?>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?
    ) throws -> [ScenarioOverride] {
        let count = try Buffer.count(n, "n_overrides")
        let names = try strings(keys, count, "override_keys")
        let texts = try strings(values, count, "override_values")
        return zip(names, texts).map { ScenarioOverride(key: $0, value: $1) }
    }

    /// Runs `body`, mapping the simulation layer's errors to statuses (the message keeps the
    /// key the scenario error names).
    static func mapping<Result>(_ body: () throws -> Result) throws -> Result {
        do { return try body() } catch let error as ScenarioError {
            throw CallError(status: AE_ERROR_SCENARIO, message: error.description)
        } catch let error as SweepError {
            throw CallError(status: AE_ERROR_IO, message: error.description)
        } catch let error as SimulationError {
            throw CallError(status: AE_ERROR_INTERNAL, message: error.description)
        } catch let error as CocoaError {
            throw CallError(status: AE_ERROR_IO, message: error.localizedDescription)
        }
    }

    /// Copies `text` NUL-terminated into `buffer[0..<size]`; `AE_ERROR_CAPACITY` (naming the
    /// size needed) when it does not fit.
    static func copy(_ text: String, into buffer: UnsafeMutablePointer<CChar>?, size: Int, _ field: String) throws {
        let bytes = Array(text.utf8)
        guard let buffer else { throw CallError.null(field) }
        guard bytes.count < size else {
            throw CallError(status: AE_ERROR_CAPACITY, message: "\(field) needs \(bytes.count + 1) bytes, got \(size)")
        }
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        buffer[bytes.count] = 0
    }
}
