import Foundation

/// A checkpoint of a run: the simulation state after some epochs (records included) and the
/// run's elapsed seconds, written as `checkpoint.json` in the run's directory.
///
/// `simulate --checkpoint-every K` writes one after every K-th epoch (replacing the previous
/// one atomically); `simulate --resume DIR` continues from it, and the run ends with the same
/// outputs as an uninterrupted one (timing columns aside). The file is JSON: the scenario,
/// the per-agent arrays (`active`, `credential_epochs`), the HFN market with its books and
/// random stream, the crash monitor and the records. The population is not stored; it is
/// rebuilt from the scenario. A checkpoint belongs to the library version that wrote it
/// (``format`` is checked on reading).
public struct SimulationCheckpoint: Codable, Sendable {
    /// The format this library version reads and writes.
    public static let currentFormat = 1
    /// The file name inside a run's directory.
    public static let fileName = "checkpoint.json"

    /// The format of this checkpoint.
    public var format: Int
    /// The state after ``SimulationState/epochsRun`` epochs.
    public var state: SimulationState
    /// Wall-clock seconds the run had taken when the checkpoint was written.
    public var elapsedSeconds: Double

    enum CodingKeys: String, CodingKey {
        case format, state
        case elapsedSeconds = "elapsed_seconds"
    }

    /// A checkpoint of `state` in the current format.
    public init(state: SimulationState, elapsedSeconds: Double) {
        format = Self.currentFormat
        self.state = state
        self.elapsedSeconds = elapsedSeconds
    }

    /// Writes `checkpoint.json` into `directory`, replacing an earlier one atomically.
    ///
    /// - Complexity: O(size of the state): agents, records, missions and their contributions, the
    ///   HFN market.
    public func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }

    /// Reads `checkpoint.json` from `directory` (rebuilding the population).
    ///
    /// - Throws: ``CheckpointError`` naming the file and the problem: missing, not a
    ///   checkpoint, another format, or arrays that do not fit the scenario.
    /// - Complexity: O(size of the file), plus O(agents x resources) to rebuild the population.
    public static func read(from directory: URL) throws -> SimulationCheckpoint {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CheckpointError(path: url.path, problem: "no checkpoint (run with --checkpoint-every K to write one)")
        }
        struct Header: Decodable { var format: Int }
        let format: Int
        do { format = try JSONDecoder().decode(Header.self, from: data).format } catch {
            throw CheckpointError(path: url.path, problem: "not a checkpoint: \(error)")
        }
        guard format == currentFormat else {
            throw CheckpointError(
                path: url.path, problem: "format \(format); this version reads format \(currentFormat)")
        }
        do { return try JSONDecoder().decode(SimulationCheckpoint.self, from: data) } catch let error as ScenarioError {
            throw CheckpointError(path: url.path, problem: "scenario: \(error)")
        } catch let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw CheckpointError(path: url.path, problem: "\(key): \(context.debugDescription)")
        } catch {
            throw CheckpointError(path: url.path, problem: "cannot decode: \(error)")
        }
    }
}

/// A checkpoint that cannot be read: the file and what is wrong with it.
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The checkpoint file.
    public var path: String
    /// What is wrong.
    public var problem: String

    /// `path: problem`.
    public var description: String { "\(path): \(problem)" }
}
