"""Argument checks shared by the kernel modules (pure Python and numpy; no native library).

The C ABI checks every value it is given, but it can only trust the lengths it is told: a
pointer with a count larger than its buffer would be read out of bounds, and ctypes wraps an
int that does not fit its C type without a word. So everything that decides how much native
code reads, and every conversion to a C type, is checked here first. Each check raises
TypeError (wrong type, None) or ValueError (wrong shape, length, range or option) with a
message that starts with the argument's name and shows the bad value.

The range checks (`check_fraction`, `check_rate`, `check_positive`, `check_nonnegative`)
apply the bounds SWARM's configuration classes put on thresholds, rates and costs, so a value
SWARM would refuse is refused here with the argument's name, before the library sees it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Sequence, TypeVar, Union

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

__all__ = [
    "INT32_MIN", "INT32_MAX", "INT64_MIN", "INT64_MAX", "UINT64_MAX", "describe", "check_int", "check_int32",
    "check_count", "check_float", "check_bounded", "check_fraction", "check_rate", "check_positive",
    "check_nonnegative", "check_option", "check_names", "check_mapping", "check_attributes", "as_array",
    "as_float_array", "as_index_array", "check_range", "check_length", "as_flags", "check_csr",
    "check_unique_in_rows",
]

_T = TypeVar("_T")

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
UINT64_MAX = 2**64 - 1


def describe(value: object) -> str:
    """A short repr of a bad value with its type, for messages.

    Examples
    --------
    >>> describe(1.5)
    '1.5 (float)'
    """
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def _scalar(value: object, kinds: str) -> object:
    """A 0-d numpy array of one of `kinds` as its Python scalar, else `value` unchanged."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in kinds:
        return value.item()
    return value


def _range_text(low: int, high: int) -> str:
    if high in (INT64_MAX, UINT64_MAX) and low in (0, 1):
        return f">= {low}"
    return f"in [{low}, {high}]"


def check_int(name: str, value: object, low: int = INT64_MIN, high: int = INT64_MAX) -> int:
    """`value` as a Python int in [low, high] (default: int64).

    Accepts int and numpy integers; raises TypeError for anything else (bool, float, str,
    None) and ValueError out of range.

    Examples
    --------
    >>> import numpy as np
    >>> check_int("agents", np.int16(4))
    4
    >>> check_int("agents", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: agents: must be >= 0, got -1
    """
    value = _scalar(value, "iu")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an int, got {describe(value)}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name}: must be {_range_text(low, high)}, got {number}")
    return number


def check_int32(name: str, value: object, low: int = INT32_MIN) -> int:
    """`value` as a Python int that fits a C int32_t (and is >= low).

    Examples
    --------
    >>> check_int32("threads", 2**31)
    Traceback (most recent call last):
    ...
    ValueError: threads: must be in [-2147483648, 2147483647], got 2147483648
    """
    return check_int(name, value, low, INT32_MAX)


def check_count(name: str, value: object, high: int = INT64_MAX) -> int:
    """A size or position: an int in [0, high].

    Examples
    --------
    >>> check_count("start", 3)
    3
    """
    return check_int(name, value, 0, high)


def check_float(name: str, value: object, finite: bool = False) -> float:
    """`value` as a Python float.

    Accepts int, float and numpy numbers; raises TypeError for anything else (bool, str,
    None) and, with `finite`, ValueError for NaN or infinity. (Most finiteness and range
    rules are the library's, which names the field itself.)

    Examples
    --------
    >>> import numpy as np
    >>> check_float("p", np.float32(0.5))
    0.5
    >>> check_float("p", "high")
    Traceback (most recent call last):
    ...
    TypeError: p: expected a real number, got 'high' (str)
    """
    value = _scalar(value, "iuf")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a real number, got {describe(value)}")
    try:
        result = float(value)
    except (OverflowError, ValueError) as error:
        raise ValueError(f"{name}: {value!r} does not fit a double ({error})") from None
    if finite and not math.isfinite(result):
        raise ValueError(f"{name}: must be finite, got {result}")
    return result


def _bound_text(value: float) -> str:
    return f"{value:g}"


def check_bounded(name: str, value: object, low: Optional[float] = None, high: Optional[float] = None, *,
                  low_open: bool = False, high_open: bool = False) -> float:
    """`value` as a float within bounds: ``low <= value <= high`` (``<`` on an open side; no
    bound where None). NaN is outside every range.

    Raises TypeError as `check_float` does and ValueError naming the argument, the range and
    the value.

    Examples
    --------
    >>> check_bounded("price_adjustment_rate", 0.5, 0.0, 1.0, low_open=True)
    0.5
    >>> check_bounded("price_adjustment_rate", 0, 0.0, 1.0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: price_adjustment_rate: must be in (0, 1], got 0.0
    """
    number = check_float(name, value)
    above = low is None or (number > low if low_open else number >= low)
    below = high is None or (number < high if high_open else number <= high)
    if above and below:
        return number
    if low is not None and high is not None:
        text = f"in {'(' if low_open else '['}{_bound_text(low)}, {_bound_text(high)}{')' if high_open else ']'}"
    elif low is not None:
        text = f"{'>' if low_open else '>='} {_bound_text(low)}"
    else:
        text = f"{'<' if high_open else '<='} {_bound_text(high if high is not None else math.inf)}"
    raise ValueError(f"{name}: must be {text}, got {number}")


def check_fraction(name: str, value: object) -> float:
    """A threshold or probability in [0, 1] (SWARM's bound on its similarity thresholds,
    permeabilities, contagion and decay rates).

    Examples
    --------
    >>> check_fraction("threshold", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: threshold: must be in [0, 1], got 1.5
    """
    return check_bounded(name, value, 0.0, 1.0)


def check_rate(name: str, value: object) -> float:
    """A step rate in (0, 1] (SWARM's bound on the auction's price adjustment rate).

    Examples
    --------
    >>> check_rate("price_adjustment_rate", 1.0)
    1.0
    """
    return check_bounded(name, value, 0.0, 1.0, low_open=True)


def check_positive(name: str, value: object) -> float:
    """A finite or infinite number > 0 (SWARM's bound on tolerances and factors).

    Examples
    --------
    >>> check_positive("convergence_tolerance", -0.01)
    Traceback (most recent call last):
    ...
    ValueError: convergence_tolerance: must be > 0, got -0.01
    """
    return check_bounded(name, value, 0.0, low_open=True)


def check_nonnegative(name: str, value: object) -> float:
    """A number >= 0 (SWARM's bound on costs, noise, amplification and sensitivity).

    Examples
    --------
    >>> check_nonnegative("identity_creation_cost", 0)
    0.0
    """
    return check_bounded(name, value, 0.0)


def check_option(name: str, value: object, choices: Mapping[str, _T]) -> _T:
    """The code of option `value` (a string, or a member of a string enum, which is one) in
    the mapping `choices`.

    Examples
    --------
    >>> check_option("metric", "cosine", {"combined": 0, "cosine": 1})
    1
    >>> check_option("metric", "euclid", {"combined": 0, "cosine": 1})
    Traceback (most recent call last):
    ...
    ValueError: metric: 'euclid' is not one of 'combined', 'cosine'
    """
    listing = ", ".join(repr(str.__str__(choice)) for choice in sorted(choices))
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {listing}, got {describe(value)}")
    try:
        return choices[value]
    except KeyError:
        raise ValueError(f"{name}: {str.__str__(value)!r} is not one of {listing}") from None


def check_names(name: str, value: object) -> list[str]:
    """A list of strings from a sequence of names (not a single string).

    Examples
    --------
    >>> check_names("metrics", ("avg_p", "min_p"))
    ['avg_p', 'min_p']
    """
    if value is None or isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{name}: expected a sequence of names (str), got {describe(value)}")
    names = list(value)
    for index, item in enumerate(names):
        if not isinstance(item, str):
            raise TypeError(f"{name}[{index}]: expected a name (str), got {describe(item)}")
    return names


def check_mapping(name: str, value: object, what: str) -> Mapping[Any, Any]:
    """`value` when it is a mapping (a dict), else TypeError.

    Examples
    --------
    >>> check_mapping("patterns", [], "a dict")
    Traceback (most recent call last):
    ...
    TypeError: patterns: expected a dict, got [] (list)
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}: expected {what}, got {describe(value)}")
    return value


def check_attributes(name: str, value: _T, fields: Sequence[str], what: str) -> _T:
    """`value` when it has every attribute in `fields`, else TypeError naming the first missing.

    Examples
    --------
    >>> check_attributes("result", object(), ("prices",), "a result")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: result: expected a result, got <object object at ...> (object) (no attribute 'prices')
    """
    for field in fields:
        if not hasattr(value, field):
            raise TypeError(f"{name}: expected {what}, got {describe(value)} (no attribute {field!r})")
    return value


def _position(array: NDArray[Any], flat: int) -> str:
    """`[i]` or `[i][j]` of a flat index into `array`."""
    return "".join(f"[{int(i)}]" for i in np.unravel_index(flat, array.shape))


def as_array(value: ArrayLike, dtype: DTypeLike, name: str, ndim: int) -> NDArray[Any]:
    """`value` as a C-contiguous array of `dtype` with `ndim` dimensions.

    The array itself when it already is one (no copy), else one converted copy. Raises
    TypeError for None or a non-numeric value and ValueError for a ragged value, the wrong
    number of dimensions, or values that do not fit `dtype` (non-integral, or out of its
    range).

    Examples
    --------
    >>> import numpy as np
    >>> as_array([1, 2], np.int32, "indices", 1)
    array([1, 2], dtype=int32)
    >>> as_array([0.5], np.int32, "indices", 1)
    Traceback (most recent call last):
    ...
    ValueError: indices[0]: must be an integer, got 0.5
    """
    if value is None:
        raise TypeError(f"{name}: expected an array, got None")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name}: not a rectangular numeric array ({error})") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected a numeric array, got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name}: expected a {ndim}-D array, got shape {array.shape}")
    target = np.dtype(dtype)
    if target.kind in "iu" and array.size and not np.can_cast(array.dtype, target, "safe"):
        if array.dtype.kind == "f":
            bad = ~(np.isfinite(array) & (array == np.round(array)))
            if bad.any():
                flat = int(np.flatnonzero(bad)[0])
                raise ValueError(f"{name}{_position(array, flat)}: must be an integer, got {array.flat[flat]}")
        info = np.iinfo(target)
        low, high = int(array.min()), int(array.max())
        if low < info.min or high > info.max:
            flat = int(np.flatnonzero(array == (low if low < info.min else high))[0])
            raise ValueError(f"{name}{_position(array, flat)}: {int(array.flat[flat])} does not fit {target} "
                             f"(must be in [{info.min}, {info.max}])")
    return np.ascontiguousarray(array, dtype=target)


def as_float_array(name: str, value: ArrayLike, ndim: int, allow_nan: bool = True) -> NDArray[np.float64]:
    """A C-contiguous float64 array; with allow_nan=False, NaN and infinities are refused
    naming the first one.

    Examples
    --------
    >>> as_float_array("counts", [1.0, float("nan")], 1, allow_nan=False)
    Traceback (most recent call last):
    ...
    ValueError: counts[1]: values must be finite, got nan
    """
    array = as_array(value, np.float64, name, ndim)
    if not allow_nan and array.size:
        bad = ~np.isfinite(array)
        if bad.any():
            flat = int(np.flatnonzero(bad)[0])
            raise ValueError(f"{name}{_position(array, flat)}: values must be finite, got {array.flat[flat]}")
    return array


def as_index_array(name: str, value: ArrayLike, upper: Optional[int], dtype: DTypeLike = np.int32, lower: int = 0,
                   what: str = "index") -> NDArray[Any]:
    """A 1-D int array whose values are in lower..<upper (upper None: no upper bound).

    Examples
    --------
    >>> as_index_array("items", [0, 3], 3)
    Traceback (most recent call last):
    ...
    ValueError: items[1]: index 3 is out of range 0..<3
    """
    array = as_array(value, dtype, name, 1)
    check_range(name, array, lower, upper, what)
    return array


def check_range(name: str, array: NDArray[Any], lower: int, upper: Optional[int], what: str = "index") -> None:
    """Raises ValueError naming the first value of `array` outside lower..<upper (upper None:
    no upper bound).

    Examples
    --------
    >>> import numpy as np
    >>> check_range("indices", np.array([0, -1]), 0, None, "column")
    Traceback (most recent call last):
    ...
    ValueError: indices[1]: column -1 must be >= 0
    """
    if array.size == 0:
        return
    if int(array.min()) >= lower and (upper is None or int(array.max()) < upper):
        return
    if upper is None:
        index = int(np.flatnonzero(array < lower)[0])
        raise ValueError(f"{name}[{index}]: {what} {int(array[index])} must be >= {lower}")
    index = int(np.flatnonzero((array < lower) | (array >= upper))[0])
    raise ValueError(f"{name}[{index}]: {what} {int(array[index])} is out of range {lower}..<{upper}")


def check_length(name: str, array: NDArray[Any], length: int, what: str) -> None:
    """Raises ValueError unless the 1-D `array` has `length` entries (`what` says why).

    Examples
    --------
    >>> import numpy as np
    >>> check_length("budgets", np.ones(3), 2, "one per agent")
    Traceback (most recent call last):
    ...
    ValueError: budgets: expected 2 entries (one per agent), got 3
    """
    if array.shape[0] != length:
        raise ValueError(f"{name}: expected {length} entries ({what}), got {array.shape[0]}")


def as_flags(name: str, value: ArrayLike, shape: Sequence[int], strict: bool = True) -> NDArray[np.uint8]:
    """A C-contiguous uint8 array of 0/1 flags with the given shape.

    With `strict`, the value must be a boolean array (TypeError otherwise); else booleans or
    numbers that are 0 or 1.

    Examples
    --------
    >>> as_flags("accepted", [True, False], (2,))
    array([1, 0], dtype=uint8)
    >>> as_flags("accepted", [1, 2], (2,), strict=False)
    Traceback (most recent call last):
    ...
    ValueError: accepted[1]: must be 0 or 1 (or a boolean), got 2
    """
    if value is None:
        raise TypeError(f"{name}: expected a boolean array, got None")
    try:
        flags = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name}: not a rectangular array ({error})") from None
    if strict and flags.dtype != np.bool_:
        raise TypeError(f"{name}: expected a boolean array, got dtype {flags.dtype}")
    if flags.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected booleans or 0/1 numbers, got dtype {flags.dtype}")
    if flags.shape != tuple(shape):
        raise ValueError(f"{name}: expected shape {tuple(shape)}, got {flags.shape}")
    if flags.dtype == np.bool_:
        return np.ascontiguousarray(flags).view(np.uint8)
    bad = (flags != 0) & (flags != 1)
    if bad.any():
        flat = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name}{_position(flags, flat)}: must be 0 or 1 (or a boolean), got {flags.flat[flat]}")
    return np.ascontiguousarray(flags, dtype=np.uint8)


def check_csr(indptr_name: str, indptr: NDArray[Any], indices_name: str, indices: NDArray[Any],
              n_rows: Optional[int] = None, n_cols: Union[int, None, Literal[False]] = False, exact: bool = True,
              what: str = "column") -> None:
    """Checks CSR offsets and indices (int arrays from `as_array`) before native code walks them.

    `indptr` has n_rows + 1 entries (at least one), starts at 0, never decreases, and its
    last entry equals len(indices) (with exact=False: is at most len(indices)); the indices
    it covers are in 0..<n_cols (n_cols None: >= 0; False: not checked).

    Examples
    --------
    >>> import numpy as np
    >>> check_csr("indptr", np.array([0, 2, 1]), "indices", np.zeros(1, np.int32))
    Traceback (most recent call last):
    ...
    ValueError: indptr: not monotonic at 2 (2 > 1)
    """
    if indptr.shape[0] < 1:
        raise ValueError(f"{indptr_name}: expected at least one entry (rows + 1), got 0")
    if n_rows is not None and indptr.shape[0] != n_rows + 1:
        raise ValueError(f"{indptr_name}: expected {n_rows + 1} entries (rows + 1), got {indptr.shape[0]}")
    if indptr[0] != 0:
        raise ValueError(f"{indptr_name}: must start at 0, got {indptr_name}[0] = {int(indptr[0])}")
    steps = np.diff(indptr)
    if steps.size and steps.min() < 0:
        at = int(np.flatnonzero(steps < 0)[0]) + 1
        raise ValueError(f"{indptr_name}: not monotonic at {at} ({int(indptr[at - 1])} > {int(indptr[at])})")
    last, length = int(indptr[-1]), indices.shape[0]
    if last > length:
        raise ValueError(f"{indptr_name}: points past the data ({indptr_name}[-1] = {last}, but "
                         f"{indices_name} has {length} entries)")
    if exact and last != length:
        raise ValueError(f"{indptr_name}: {indptr_name}[-1] = {last} does not match the {length} entries of "
                         f"{indices_name}")
    if n_cols is not False:
        check_range(indices_name, indices[:last], 0, None if n_cols is None else int(n_cols), what)


def check_unique_in_rows(indptr: NDArray[Any], indices: NDArray[Any], n_cols: int, name: str = "indices") -> None:
    """Raises ValueError when a row of a checked CSR matrix repeats a column.

    Examples
    --------
    >>> import numpy as np
    >>> check_unique_in_rows(np.array([0, 2]), np.array([1, 1]), 2)
    Traceback (most recent call last):
    ...
    ValueError: indices: column 1 is repeated in row 0 (columns must be unique within a row)
    """
    last = int(indptr[-1])
    if last < 2:
        return
    columns = indices[:last].astype(np.int64)
    row_of = np.repeat(np.arange(indptr.shape[0] - 1, dtype=np.int64), np.diff(indptr))
    rising = np.diff(columns) > 0
    new_row = np.diff(row_of) > 0
    if np.all(rising | new_row):
        return  # every row strictly increasing: no repeats
    keys = np.sort(row_of * max(n_cols, 1) + columns)
    repeated = np.flatnonzero(keys[1:] == keys[:-1])
    if repeated.size:
        key = int(keys[repeated[0]])
        row, column = divmod(key, max(n_cols, 1))
        raise ValueError(f"{name}: column {column} is repeated in row {row} (columns must be unique within a row)")
