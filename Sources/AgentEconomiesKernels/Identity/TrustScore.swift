/// The reference's trust score of an identity:
/// `min(1, 0.3 + 0.2 (proof of personhood) + min(0.5, 0.1 x valid credentials))`, summed in
/// that order as the reference does, so scores agree bit for bit.
@inlinable
public func trustScore(proofOfPersonhood: Bool, validCredentials: Int) -> Double {
    var score = 0.3
    if proofOfPersonhood { score += 0.2 }
    score += min(0.5, Double(validCredentials) * 0.1)
    return min(1.0, score)
}
