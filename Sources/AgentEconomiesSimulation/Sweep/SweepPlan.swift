/// One varied key of a sweep and the values it takes, as YAML texts.
public struct SweepAxis: Codable, Equatable, Sendable {
    /// The dotted scenario key (`identity.similarity_threshold`).
    public let key: String
    /// Its values, in the order given.
    public let values: [String]

    /// An axis over `values` of `key`.
    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }

    /// `KEY=V1,V2,...`: values split on commas outside brackets, braces and quotes (so
    /// `types[0]={name: honest, share: 1}` stays one value).
    ///
    /// - Throws: ``ScenarioError`` without `=`, or with an empty value list.
    /// - Complexity: O(length of `text`).
    public init(parsing text: String) throws {
        let override = try ScenarioOverride(parsing: text)
        let values = splitTopLevel(override.value)
        if values.isEmpty || values.contains(where: \.isEmpty) {
            throw ScenarioError(key: override.key, problem: "--vary lists values as KEY=V1,V2,... (got '\(text)')")
        }
        self.init(key: override.key, values: values)
    }
}

/// One run of a sweep: a setting (an index into the cartesian grid) and a seed.
public struct SweepRun: Equatable, Sendable {
    /// The run's position in the sweep (setting-major, then seed).
    public let index: Int
    /// The setting's position in the grid (the row of `summary.csv`).
    public let setting: Int
    /// The setting's value of each axis, in axis order.
    public let values: [String]
    /// The seed.
    public let seed: UInt64

    /// The run's directory under the sweep's `runs/`: `s<setting>-seed<seed>`.
    public var name: String {
        let digits = String(setting)
        return "s" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-seed\(seed)"
    }
}

/// What a sweep runs: a scenario, fixed overrides, the cartesian grid of its axes (the first
/// axis outermost), and each setting at seeds `seedBase`, `seedBase + 1`, ...
public struct SweepPlan: Codable, Equatable, Sendable {
    /// The scenario's YAML text.
    public let scenarioYAML: String
    /// Overrides applied before the axes (`--agents`, `--epochs`, the Python driver's keywords).
    public let overrides: [ScenarioOverride]
    /// The varied keys.
    public let axes: [SweepAxis]
    /// The seeds of every setting.
    public let seeds: [UInt64]

    /// A plan. Every setting's scenario is built and validated here, so a bad key or value
    /// fails before anything runs.
    ///
    /// - Parameters:
    ///   - scenarioYAML: the scenario's YAML text.
    ///   - overrides: fixed overrides, applied before the axes.
    ///   - axes: the varied keys (none: replications of one setting).
    ///   - seedCount: seeds per setting (>= 1).
    ///   - seedBase: the first seed; `nil` takes the scenario's own.
    /// - Throws: ``ScenarioError`` naming the key: an unknown key, a value the schema refuses,
    ///   a key varied twice, `seed` as an axis (use `seeds`), fewer than one seed.
    /// - Complexity: one scenario decode per setting.
    public init(
        scenarioYAML: String, overrides: [ScenarioOverride] = [], axes: [SweepAxis], seedCount: Int,
        seedBase: UInt64? = nil
    ) throws {
        if seedCount < 1 { throw ScenarioError(key: "seeds", problem: "must be >= 1, got \(seedCount)") }
        var seen = Set<String>()
        for axis in axes {
            if axis.key == "seed" {
                throw ScenarioError(key: "seed", problem: "is set by the sweep's seeds (--seeds, --seed-base), not varied")
            }
            if !seen.insert(axis.key).inserted { throw ScenarioError(key: axis.key, problem: "is varied twice") }
            if axis.values.isEmpty { throw ScenarioError(key: axis.key, problem: "has no values to vary over") }
        }
        let base = try Scenario.load(yaml: scenarioYAML, overrides: overrides)
        let first = seedBase ?? base.seed
        self.scenarioYAML = scenarioYAML
        self.overrides = overrides
        self.axes = axes
        seeds = (0..<UInt64(seedCount)).map { first &+ $0 }
        for setting in 0..<settingCount { _ = try scenario(setting: setting, seed: first) }
    }

    /// Settings in the grid: the product of the axes' value counts.
    public var settingCount: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The value of each axis at `setting` (the last axis varies fastest).
    public func values(ofSetting setting: Int) -> [String] {
        var rest = setting
        var values = [String](repeating: "", count: axes.count)
        for (position, axis) in axes.enumerated().reversed() {
            values[position] = axis.values[rest % axis.values.count]
            rest /= axis.values.count
        }
        return values
    }

    /// Every run, setting-major.
    ///
    /// - Complexity: O(settings x (seeds + axes)), a new array on every read.
    public var runs: [SweepRun] {
        (0..<settingCount).flatMap { setting in
            let values = values(ofSetting: setting)
            return seeds.enumerated().map { offset, seed in
                SweepRun(index: setting * seeds.count + offset, setting: setting, values: values, seed: seed)
            }
        }
    }

    /// The scenario of `setting` at `seed`.
    ///
    /// - Throws: ``ScenarioError`` naming the key.
    /// - Complexity: one scenario decode, O(size of the YAML text + overrides x key depth).
    public func scenario(setting: Int, seed: UInt64) throws -> Scenario {
        let varied = zip(axes, values(ofSetting: setting)).map { ScenarioOverride(key: $0.key, value: $1) }
        var scenario = try Scenario.load(yaml: scenarioYAML, overrides: overrides + varied)
        scenario.seed = seed
        return scenario
    }

    /// The scenario of `run`.
    ///
    /// - Complexity: one scenario decode, as ``scenario(setting:seed:)``.
    public func scenario(for run: SweepRun) throws -> Scenario { try scenario(setting: run.setting, seed: run.seed) }
}

extension ScenarioOverride: Codable {
    enum CodingKeys: String, CodingKey { case key, value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(String.self, forKey: .key), value: try c.decode(String.self, forKey: .value))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(value, forKey: .value)
    }
}

/// `text` split on commas that sit outside brackets, braces and quotes, each part trimmed.
func splitTopLevel(_ text: String) -> [String] {
    var parts: [String] = [], current = "", depth = 0
    var quote: Character?
    for character in text {
        if let open = quote {
            if character == open { quote = nil }
        } else if character == "\"" || character == "'" {
            quote = character
        } else if character == "[" || character == "{" {
            depth += 1
        } else if character == "]" || character == "}" {
            depth -= 1
        } else if character == "," && depth == 0 {
            parts.append(current.trimmingWhitespace)
            current = ""
            continue
        }
        current.append(character)
    }
    parts.append(current.trimmingWhitespace)
    return text.isEmpty ? [] : parts
}
