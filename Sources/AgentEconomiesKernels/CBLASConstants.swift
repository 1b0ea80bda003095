import CBLAS

/// `CblasNoTrans`, re-exported for code that passes transposition flags to ``BLASScalar``.
public let CblasNoTransValue: CBLAS_TRANSPOSE = CblasNoTrans
/// `CblasTrans`, re-exported for code that passes transposition flags to ``BLASScalar``.
public let CblasTransValue: CBLAS_TRANSPOSE = CblasTrans
