import AgentEconomiesCHeader

/// The library's version, a static C string (`AE_VERSION_MAJOR.MINOR.PATCH` of the header;
/// `Tests` and `scripts/test-c-abi.sh` check that they agree).
private let versionString: StaticString = "0.15.0"

/// `ae_abi_version`: the header's `AE_ABI_VERSION` this library was built from.
@c(ae_abi_version)
public func aeABIVersion() -> Int32 { AE_ABI_VERSION }

/// `ae_version_number`: the header's `AE_VERSION_NUMBER` this library was built from.
@c(ae_version_number)
public func aeVersionNumber() -> Int32 { AE_VERSION_MAJOR * 10_000 + AE_VERSION_MINOR * 100 + AE_VERSION_PATCH }

/// `ae_version`: the library's version as a static NUL-terminated string.
@c(ae_version)
public func aeVersion() -> UnsafePointer<CChar> {
    UnsafeRawPointer(versionString.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// The description of each status code, static NUL-terminated strings.
private let statusStrings: [(ae_status, StaticString)] = [
    (AE_OK, "ok"), (AE_ERROR_NULL_POINTER, "a required pointer is NULL"),
    (AE_ERROR_INVALID_SIZE, "a size is negative, or lengths do not agree"),
    (AE_ERROR_NOT_FINITE, "a number is NaN or infinite"), (AE_ERROR_OUT_OF_RANGE, "a value or index is out of range"),
    (AE_ERROR_UNKNOWN_OPTION, "an enum value is not one of the documented ones"),
    (AE_ERROR_CAPACITY, "an output buffer is too small"), (AE_ERROR_DUPLICATE_ID, "a duplicate ID"),
    (AE_ERROR_UNKNOWN_ID, "an unknown ID or handle"),
    (AE_ERROR_SCENARIO, "a scenario key is unknown or its value refused"),
    (AE_ERROR_IO, "a file or directory cannot be read, written or used"),
    (AE_ERROR_OUT_OF_MEMORY, "the work needs more memory than the machine has"), (AE_ERROR_INTERNAL, "an internal error"),
]
private let unknownStatus: StaticString = "unknown status"

/// `ae_status_string`: a static description of a status code.
@c(ae_status_string)
public func aeStatusString(_ status: ae_status) -> UnsafePointer<CChar> {
    let text = statusStrings.first { $0.0 == status }?.1 ?? unknownStatus
    return UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}
