import AgentEconomiesCHeader
import Testing

/// A call made wrong in one argument, with the status and the field its message must name.
struct BadCall: Sendable, CustomTestStringConvertible {
    let label: String
    let status: ae_status
    let field: String
    let call: @Sendable () -> Outcome

    var testDescription: String { label }
}

/// The error-buffer protocol (a message NUL-terminated, truncated to error_size - 1 bytes,
/// nothing written past error_size, NULL / 0 accepted), and calls refused for one NULL
/// required pointer or one negative size across the ABI, each with the status and a message
/// naming the argument.
@Suite struct BufferProtocolTests {
    /// A call that fails with AE_ERROR_INVALID_SIZE and a long message.
    func failing(_ error: UnsafeMutablePointer<CChar>?, _ size: Int) -> ae_status {
        var result = ae_auction_result()
        var options = ae_auction_options()
        ae_auction_options_default(&options)
        return ae_auction_run(
            -1, 3, Fixture.valuations, Fixture.budgets, Fixture.supplies, &options, nil, nil, nil, nil, nil, nil, 0, nil,
            &result, error, size)
    }

    @Test("the message is NUL-terminated, truncated to error_size - 1 bytes, nothing written past error_size")
    func truncation() {
        let full = capture(size: 512) { failing($0, $1) }
        #expect(full.is(AE_ERROR_INVALID_SIZE, naming: "agents", "-1"))
        #expect(full.message.utf8.count > 20)
        for size in [1, 2, 8, 20] {
            var buffer = [CChar](repeating: 0x7f, count: 64)
            #expect(failing(&buffer, size) == AE_ERROR_INVALID_SIZE)
            #expect(buffer[size - 1] == 0, "size \(size)")
            #expect(text(buffer) == String(decoding: full.message.utf8.prefix(size - 1), as: UTF8.self), "size \(size)")
            #expect(buffer[size...].allSatisfy { $0 == 0x7f }, "size \(size)")
        }
    }

    @Test("error = NULL and error_size = 0 are accepted: the status is still returned, nothing written")
    func noBuffer() {
        #expect(failing(nil, 0) == AE_ERROR_INVALID_SIZE)
        #expect(failing(nil, 256) == AE_ERROR_INVALID_SIZE)
        var buffer = [CChar](repeating: 0x7f, count: 16)
        #expect(failing(&buffer, 0) == AE_ERROR_INVALID_SIZE)
        #expect(buffer.allSatisfy { $0 == 0x7f })
    }

    @Test("a NULL required pointer is AE_ERROR_NULL_POINTER naming it", arguments: BadCall.nullPointers)
    func nullPointer(_ bad: BadCall) {
        let outcome = bad.call()
        #expect(outcome.is(bad.status, naming: bad.field), "\(outcome)")
    }

    @Test("a negative size (or lengths that disagree) is AE_ERROR_INVALID_SIZE naming it", arguments: BadCall.sizes)
    func negativeSize(_ bad: BadCall) {
        let outcome = bad.call()
        #expect(outcome.is(bad.status, naming: bad.field), "\(outcome)")
    }
}
