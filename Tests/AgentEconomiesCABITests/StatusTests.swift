import AgentEconomiesCHeader
import Testing

/// Status codes, versions and thread counts: every status described (and an unknown code
/// answered, never NULL), the codes distinct, the library's version string, number and ABI
/// version those of the header it was built from, and thread counts refused or read back.
@Suite struct StatusTests {
    static let errors: [ae_status] = [
        AE_ERROR_NULL_POINTER, AE_ERROR_INVALID_SIZE, AE_ERROR_NOT_FINITE, AE_ERROR_OUT_OF_RANGE,
        AE_ERROR_UNKNOWN_OPTION, AE_ERROR_CAPACITY, AE_ERROR_DUPLICATE_ID, AE_ERROR_UNKNOWN_ID, AE_ERROR_SCENARIO,
        AE_ERROR_IO, AE_ERROR_OUT_OF_MEMORY, AE_ERROR_INTERNAL,
    ]

    @Test("AE_OK is 0 and the error codes are distinct, non-zero, with the header's values")
    func codes() {
        #expect(AE_OK == 0)
        #expect(Set(Self.errors).count == Self.errors.count)
        #expect(!Self.errors.contains(AE_OK))
        #expect(Self.errors == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 99])
    }

    @Test("every status has its own static description; an unknown code is \"unknown status\"")
    func descriptions() {
        let described = ([AE_OK] + Self.errors).map { String(cString: ae_status_string($0)) }
        #expect(described[0] == "ok")
        #expect(Set(described).count == described.count)
        #expect(!described.contains("unknown status"))
        #expect(!described.contains(""))
        #expect(described[Self.errors.firstIndex(of: AE_ERROR_CAPACITY)! + 1].contains("buffer"))
        #expect(described[Self.errors.firstIndex(of: AE_ERROR_NULL_POINTER)! + 1].contains("NULL"))
        #expect(described[Self.errors.firstIndex(of: AE_ERROR_SCENARIO)! + 1].contains("scenario key"))
        for unknown: ae_status in [-1, 12, 98, 100, 12_345, .min, .max] {
            #expect(String(cString: ae_status_string(unknown)) == "unknown status", "\(unknown)")
        }
        // Static strings: the same pointer on every call.
        #expect(ae_status_string(AE_ERROR_IO) == ae_status_string(AE_ERROR_IO))
    }

    @Test("ae_version, ae_version_number and ae_abi_version agree with the header's macros")
    func versions() {
        let number = AE_VERSION_MAJOR * 10_000 + AE_VERSION_MINOR * 100 + AE_VERSION_PATCH
        #expect(ae_version_number() == number)
        #expect(String(cString: ae_version()) == "\(AE_VERSION_MAJOR).\(AE_VERSION_MINOR).\(AE_VERSION_PATCH)")
        #expect(ae_abi_version() == AE_ABI_VERSION)
        #expect(ae_abi_version() == 2)
        #expect(ae_version_number() >= 1_500)  // the simulation calls arrived in 0.15
    }

    @Test("thread counts: a negative library count and a BLAS count below 1 are refused, naming threads")
    func threads() {
        // The library pool's default is process-wide and other suites set it, so only the
        // refusals and the read are checked here (Examples/C/engines.c sets and restores it).
        #expect(ae_get_num_threads() >= 1)
        #expect(capture { ae_set_num_threads(-1, $0, $1) }.is(AE_ERROR_INVALID_SIZE, naming: "threads", "-1"))
        #expect(capture { ae_blas_set_num_threads(0, $0, $1) }.is(AE_ERROR_INVALID_SIZE, naming: "threads"))
        #expect(capture { ae_blas_set_num_threads(-4, $0, $1) }.is(AE_ERROR_INVALID_SIZE, naming: "threads", "-4"))
        let blas = ae_blas_get_num_threads()
        #expect(blas >= 1)
        #expect(capture { ae_blas_set_num_threads(1, $0, $1) }.status == AE_OK)
        #expect(ae_blas_get_num_threads() == 1)
        #expect(capture { ae_blas_set_num_threads(blas, $0, $1) }.status == AE_OK)
        #expect(ae_blas_get_num_threads() == blas)
    }
}
