import AgentEconomiesCHeader
import AgentEconomiesKernels

/// One stateful engine behind an opaque C handle: its state behind a lock, so calls on the
/// same handle from several threads run one at a time and calls on different handles run
/// in parallel.
final class HandleBox<State: Sendable>: Sendable {
    let state: Locked<State>

    init(_ state: State) {
        self.state = Locked(state)
    }
}

/// The handles that are alive, by address, with the box that owns each engine. A call with a
/// handle that was never created, or was destroyed, gets `AE_ERROR_UNKNOWN_ID` instead of
/// touching freed memory.
enum Handles {
    private static let live = Locked<[UInt: AnyObject]>([:])

    /// Registers `box` and returns its handle.
    static func register<State: Sendable>(_ box: HandleBox<State>) -> OpaquePointer {
        let pointer = Unmanaged.passUnretained(box).toOpaque()
        live.withLock { $0[UInt(bitPattern: pointer)] = box }
        return OpaquePointer(pointer)
    }

    /// The box behind `handle`, if it is a live handle of this kind.
    static func box<State: Sendable>(_ handle: OpaquePointer?, _ field: String, as _: State.Type) throws -> HandleBox<State> {
        guard let handle else { throw CallError.null(field) }
        let address = UInt(bitPattern: UnsafeRawPointer(handle))
        let object = live.withLock { $0[address] }
        guard let box = object as? HandleBox<State> else {
            throw CallError(
                status: AE_ERROR_UNKNOWN_ID,
                message: "\(field) is not a live handle of this kind (never created, or already destroyed)")
        }
        return box
    }

    /// Runs `body` on the engine behind `handle`, holding its lock.
    static func with<State: Sendable, Result>(
        _ handle: OpaquePointer?, _ field: String, _ body: (inout State) throws -> Result
    ) throws -> Result {
        let box = try box(handle, field, as: State.self)
        return try box.state.withLock { state in try body(&state) }
    }

    /// Forgets `handle` (the engine is freed once no call holds it). NULL is a no-op, as
    /// `free(NULL)` is; a handle never created or already destroyed is still an error.
    static func destroy<State: Sendable>(_ handle: OpaquePointer?, _ field: String, as type: State.Type) throws {
        guard handle != nil else { return }
        let box = try box(handle, field, as: type)
        let address = UInt(bitPattern: Unmanaged.passUnretained(box).toOpaque())
        live.withLock { _ = $0.removeValue(forKey: address) }
    }
}
