import AgentEconomiesKernels
import Testing

/// The reference's trust score: base, proof of personhood, credentials capped at 0.5.
@Suite struct TrustScoreTests {
    @Test func scoreAddsProofAndCappedCredentials() {
        #expect(trustScore(proofOfPersonhood: false, validCredentials: 0) == 0.3)
        #expect(trustScore(proofOfPersonhood: true, validCredentials: 0) == 0.3 + 0.2)
        #expect(trustScore(proofOfPersonhood: false, validCredentials: 2) == 0.3 + 0.2)
        #expect(trustScore(proofOfPersonhood: true, validCredentials: 9) == min(1.0, 0.3 + 0.2 + 0.5))
    }
}
