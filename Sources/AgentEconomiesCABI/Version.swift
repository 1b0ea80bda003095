import AgentEconomiesCHeader

/// The library's version, a static C string.
private let versionString: StaticString = "0.13.0"

/// `ae_abi_version`: the header's `AE_ABI_VERSION` this library was built from.
@c(ae_abi_version)
public func aeABIVersion() -> Int32 { AE_ABI_VERSION }

/// `ae_version`: the library's version as a static NUL-terminated string.
@c(ae_version)
public func aeVersion() -> UnsafePointer<CChar> {
    UnsafeRawPointer(versionString.utf8Start).assumingMemoryBound(to: CChar.self)
}
