import CBLAS

/// `CblasNoTrans`, for the package's code that passes transposition flags to ``BLASScalar``.
package let CblasNoTransValue: CBLAS_TRANSPOSE = CblasNoTrans
/// `CblasTrans`, for the package's code that passes transposition flags to ``BLASScalar``.
package let CblasTransValue: CBLAS_TRANSPOSE = CblasTrans
